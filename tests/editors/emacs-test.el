;;; emacs-test.el --- editors/emacs/slsws.el in batch Emacs with eglot  -*- lexical-binding: t; -*-

;; Run after slsws.el (tests/run.sh, suite editors):
;;   SLSWS=build/slsws LSP_TEST_FILE=tests/nvim/serverless.yml emacs --batch -Q \
;;     -l tests/editors/emacs-packages.el -l editors/emacs/slsws.el -l tests/editors/emacs-test.el
;; Prints, for tests/editors/emacs.expected: the mode and parent mode of
;; service and other file names, the eglot-server-programs entry and its
;; contact, then opens LSP_TEST_FILE, lets the mode hook's `eglot-ensure'
;; start `slsws lsp' (found on `exec-path', where the directory of $SLSWS is
;; put), waits (bounded) for flymake's diagnostics from eglot and prints
;; them (1-based line, 0-based column in characters: eglot converts the
;; server's UTF-16 columns; type, code, message), then hover on the first.
;; Exit status 0 only when diagnostics arrived; every wait is bounded.
;; The settings are eglot's workspace configuration, which eglot sends just
;; after didOpen: the diagnostics are read once the server has been quiet
;; for a second, so those of the configured analysis are the ones printed.

;;; Code:

(require 'eglot)
(require 'flymake)

(defvar slsws-test--out nil)
(defun slsws-test--say (fmt &rest args)
  (push (apply #'format fmt args) slsws-test--out))
(defun slsws-test--finish (status)
  (princ (mapconcat #'identity (nreverse slsws-test--out) "\n"))
  (princ "\n")
  (kill-emacs status))

(defun slsws-test--col (pos)
  "POS's column in characters (not `current-column''s display columns:
CJK characters and emoji are two columns wide)."
  (- pos (save-excursion (goto-char pos) (line-beginning-position))))

(defun slsws-test--wait (pred seconds)
  "Process output until PRED holds or SECONDS pass; PRED's last value."
  (let ((deadline (+ (float-time) seconds)) v)
    (while (and (not (setq v (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    v))

(condition-case err
    (progn
      (message "versions: emacs %s, eglot %s, yaml-mode %s" emacs-version
               (package-desc-version (cadr (assq 'eglot package-alist)))
               (package-desc-version (cadr (assq 'yaml-mode package-alist))))
      ;; modes by file name (the files need not exist)
      (let ((dir (make-temp-file "slsws-modes" t))
            (slsws-eglot-ensure nil))
        (dolist (name '("serverless.yml" "serverless.yaml" "serverless.json" "other.yml"
                        "other.json" "my-serverless.yml" "sub/serverless.yml"))
          (with-current-buffer (find-file-noselect (expand-file-name name dir))
            (slsws-test--say "mode %s: %s (parent %s)" name major-mode
                             (get major-mode 'derived-mode-parent))
            (set-buffer-modified-p nil)
            (kill-buffer)))
        (delete-directory dir t))
      (slsws-test--say "eglot-server-programs first: %S" (car eglot-server-programs))
      (slsws-test--say "contact: %S" (funcall (cdar eglot-server-programs) nil))
      (let ((slsws-program "/opt/bin/slsws"))
        (slsws-test--say "contact with slsws-program: %S" (funcall (cdar eglot-server-programs) nil)))

      ;; the server, found as "slsws" on exec-path
      (let ((slsws (expand-file-name (getenv "SLSWS"))))
        (unless (equal (file-name-nondirectory slsws) "slsws")
          (error "SLSWS must name a file called slsws: %s" slsws))
        (push (file-name-directory slsws) exec-path))
      ;; the settings of tests/nvim, as the "slsws" section eglot sends
      (setq-default eglot-workspace-configuration
                    '((:slsws . (:asOf "2026-11-23" :rules (:WS014 "off" :WS064 "off" :WS082 "off")))))
      (find-file (expand-file-name (getenv "LSP_TEST_FILE")))
      (slsws-test--say "buffer %s: %s" (file-name-nondirectory buffer-file-name) major-mode)
      ;; eglot-ensure connects from post-command-hook: one command loop step
      (run-hooks 'post-command-hook)
      (let* ((server (slsws-test--wait #'eglot-current-server 10))
             (ok nil))
        (unless server (error "eglot started no server"))
        (slsws-test--say "server: %s, managed %s, flymake %s, serverInfo %s"
                         (file-name-nondirectory (car (process-command (jsonrpc--process server))))
                         (if eglot--managed-mode "yes" "no")
                         (if flymake-mode "on" "off")
                         (plist-get (eglot--server-info server) :name))
        (setq ok (slsws-test--wait
                  (lambda () (flymake-start) (flymake-diagnostics)) 15))
        ;; then until a second passes without output from the server (10 at most)
        (let ((n 0))
          (while (and (< n 10) (accept-process-output (jsonrpc--process server) 1.0))
            (setq n (1+ n))))
        (flymake-start)
        (let ((diags (sort (flymake-diagnostics)
                           (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b))))))
          (dolist (d diags)
            (let* ((beg (flymake-diagnostic-beg d))
                   (end (flymake-diagnostic-end d))
                   (lsp (alist-get 'eglot-lsp-diag (flymake-diagnostic-data d))))
              (slsws-test--say "DIAG %d:%d-%d:%d %s %s %s"
                               (line-number-at-pos beg) (slsws-test--col beg)
                               (line-number-at-pos end) (slsws-test--col end)
                               (flymake-diagnostic-type d) (plist-get lsp :code)
                               (flymake-diagnostic-text d))))
          (when diags
            (let* ((beg (flymake-diagnostic-beg (car diags)))
                   (res (jsonrpc-request server :textDocument/hover
                                         (list :textDocument (eglot--TextDocumentIdentifier)
                                               :position (eglot--pos-to-lsp-position beg))
                                         :timeout 5))
                   (value (plist-get (plist-get res :contents) :value)))
              (slsws-test--say "HOVER %s"
                               (if (and value (string-match "# \\(WS[0-9]+ [[:alnum:]-]+\\)" value))
                                   (match-string 1 value)
                                 "none")))))
        (eglot-shutdown server nil 5)
        (slsws-test--say "shutdown: server %s" (if (jsonrpc-running-p server) "running" "exited"))
        (slsws-test--finish (if ok 0 1))))
  (error (slsws-test--say "error: %S" err)
         (slsws-test--finish 2)))

;;; emacs-test.el ends here
