;;; emacs-packages.el --- Debian's Emacs packages for a `emacs -Q' test  -*- lexical-binding: t; -*-

;; `emacs -Q' skips site-lisp, where Debian's elpa-* packages (elpa-eglot,
;; elpa-yaml-mode) are installed, and package.el's activation. Activate
;; exactly those system packages, never the user's ~/.emacs.d/elpa, so the
;; test meets what `make test-deps' installed.

;;; Code:

(require 'package)
(setq package-user-dir (expand-file-name "slsws-test-no-user-packages" temporary-file-directory))
(setq package-directory-list '("/usr/share/emacs/site-lisp/elpa"))
(package-initialize)
(unless (and (locate-library "eglot") (locate-library "yaml-mode"))
  (error "Debian's elpa-eglot and elpa-yaml-mode are needed (make test-deps)"))

;;; emacs-packages.el ends here
