; inherits: javascript
; TypeScript handler files. src/tsq.c puts the JavaScript query of the same
; name in front of this one: the TypeScript grammar extends the JavaScript
; one, so every JavaScript pattern applies. This file adds the forms only
; TypeScript has, with the same capture names, and these:
;
;   @sdk.erased     an import_statement of `import type ...` (also `import type
;                   X = require(...)`): erased by the compiler, so the @sdk.*
;                   captures inside it do not count
;   @sdk.named      an import_statement whose clause is only { ... }: erased
;                   too when every @sdk.spec inside it is a @sdk.type_spec
;                   (`import { type X, type Y } from 'aws-sdk'`)
;   @sdk.spec       an import specifier; @sdk.type_spec one marked `type`

; export abstract class X, and overload signatures export function x(a: T): R;
(export_statement
  declaration: [
    (abstract_class_declaration
      name: (_) @export.esm)
    (function_signature
      name: (identifier) @export.esm
      parameters: (formal_parameters) @export.params)
  ])

; export = { x, y: fn } (TypeScript's module.exports = ...)
(export_statement
  "="
  (object
    [
      (shorthand_property_identifier) @export.cjs_object
      (pair
        key: [
          (property_identifier) @export.cjs_object
          (string (string_fragment) @export.cjs_object)
          (computed_property_name) @export.dynamic
        ]
        value: (_
          parameters: (_)? @export.params
          parameter: (_)? @export.params))
      (method_definition
        name: (property_identifier) @export.cjs_object
        parameters: (formal_parameters) @export.params)
      (spread_element) @export.dynamic
    ]))

; export = <anything but an object literal>
(export_statement
  "=" @export.dynamic
  .
  (_) @_r
  (#not-match? @_r "^[{]"))

; import AWS = require('aws-sdk')
(import_require_clause
  source: (string (string_fragment) @sdk.v2)
  (#match? @sdk.v2 "^aws-sdk(/|$)"))

(import_require_clause
  source: (string (string_fragment) @sdk.v3)
  (#match? @sdk.v3 "^@aws-sdk/"))

; export = { x, y: V, z() {} }: the values, as for module.exports = { ... }
(export_statement
  "="
  (object
    [
      (shorthand_property_identifier) @value.of @value.ref
      (pair
        key: [
          (property_identifier) @value.of
          (string (string_fragment) @value.of)
        ]
        value: [
          (function_expression) @value.fn
          (generator_function) @value.fn
          (arrow_function) @value.fn
          (identifier) @value.ref
        ])
      (method_definition
        name: (property_identifier) @value.of) @value.fn
    ]))

; imports the compiler erases
(import_statement "type") @sdk.erased

(import_statement
  (import_clause . (named_imports) .)) @sdk.named

(import_specifier) @sdk.spec

(import_specifier "type") @sdk.type_spec
