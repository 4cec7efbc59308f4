;;; slsws.el --- Serverless Framework files checked by slsws through eglot  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "26.1"))
;; Keywords: languages, tools

;;; Commentary:

;; Eglot runs one language server per major mode and turns the other
;; flymake backends off in the buffers it manages, so serverless.yml and
;; serverless.yaml get a mode of their own, `serverless-yaml-mode' (derived
;; from `yaml-mode' when it is installed, e.g. Debian's elpa-yaml-mode, else
;; from a minimal YAML mode defined here), and serverless.json gets
;; `serverless-json-mode' (derived from `js-json-mode', `json-mode' or
;; `js-mode', the first one present).  Other YAML buffers keep `yaml-mode'
;; and yaml-language-server.
;;
;; Both modes are entered first in `eglot-server-programs' with the contact
;; `slsws-eglot-contact', ("slsws" "lsp") with `slsws-program' as the binary;
;; `eglot-ensure' runs from the modes' hooks unless `slsws-eglot-ensure' is
;; nil.  Setup:
;;
;;   (add-to-list 'load-path "/path/to/editors/emacs")
;;   (require 'slsws)
;;
;; The server's settings (asOf, rules, noSources) are eglot's workspace
;; configuration, section "slsws", which eglot sends on connecting and on
;; `eglot-signal-didChangeConfiguration':
;;
;;   (setq-default eglot-workspace-configuration
;;                 '((:slsws . (:asOf "2026-11-23" :rules (:WS070 "off")))))

;;; Code:

(require 'yaml-mode nil t)

(defgroup slsws nil
  "Serverless Framework files checked by the slsws language server."
  :group 'languages
  :prefix "slsws-")

(defcustom slsws-program "slsws"
  "The slsws binary, a name found on `exec-path' or a file name."
  :type 'string)

(defcustom slsws-eglot-ensure t
  "Non-nil: start eglot (`eglot-ensure') in every service file buffer."
  :type 'boolean)

(if (fboundp 'yaml-mode)
    (define-derived-mode serverless-yaml-mode yaml-mode "Serverless-YAML"
      "Major mode for Serverless Framework serverless.yml files (on `yaml-mode').")
  (defvar serverless-yaml-mode-syntax-table
    (let ((st (make-syntax-table)))
      (modify-syntax-entry ?# "<" st)
      (modify-syntax-entry ?\n ">" st)
      (modify-syntax-entry ?\' "\"" st)
      st)
    "Syntax table of the fallback `serverless-yaml-mode'.")
  (define-derived-mode serverless-yaml-mode prog-mode "Serverless-YAML"
    "Major mode for Serverless Framework serverless.yml files.
A minimal YAML mode: yaml-mode is not installed."
    (setq-local comment-start "# ")
    (setq-local comment-start-skip "#+\\s-*")
    (setq-local indent-tabs-mode nil)
    (setq-local tab-width 2)))

(cond ((fboundp 'js-json-mode)
       (define-derived-mode serverless-json-mode js-json-mode "Serverless-JSON"
         "Major mode for Serverless Framework serverless.json files."))
      ((fboundp 'json-mode)
       (define-derived-mode serverless-json-mode json-mode "Serverless-JSON"
         "Major mode for Serverless Framework serverless.json files."))
      (t
       (define-derived-mode serverless-json-mode js-mode "Serverless-JSON"
         "Major mode for Serverless Framework serverless.json files.")))

;;;###autoload
(add-to-list 'auto-mode-alist '("/serverless\\.ya?ml\\'" . serverless-yaml-mode))
;;;###autoload
(add-to-list 'auto-mode-alist '("/serverless\\.json\\'" . serverless-json-mode))

(defun slsws-eglot-contact (&optional _interactive)
  "The eglot contact for slsws: `slsws-program' and \"lsp\"."
  (list slsws-program "lsp"))

(defconst slsws--eglot-modes
  '((serverless-yaml-mode :language-id "yaml")
    (serverless-json-mode :language-id "json"))
  "The modes of `eglot-server-programs' entry for slsws.")

(defvar eglot-server-programs)
(declare-function eglot-ensure "eglot" ())

(defun slsws--eglot-setup ()
  "Put slsws first in `eglot-server-programs', before yaml-mode's entry."
  (add-to-list 'eglot-server-programs
               (cons slsws--eglot-modes #'slsws-eglot-contact)))

(with-eval-after-load 'eglot (slsws--eglot-setup))

(defun slsws--maybe-eglot ()
  "Start eglot in this buffer when `slsws-eglot-ensure' says so."
  (when (and slsws-eglot-ensure (require 'eglot nil t))
    (eglot-ensure)))

(add-hook 'serverless-yaml-mode-hook #'slsws--maybe-eglot)
(add-hook 'serverless-json-mode-hook #'slsws--maybe-eglot)

(provide 'slsws)
;;; slsws.el ends here
