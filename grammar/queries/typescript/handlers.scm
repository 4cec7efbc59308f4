; inherits: javascript
; TypeScript handler files. src/tsq.c puts the JavaScript query of the same
; name in front of this one: the TypeScript grammar extends the JavaScript
; one, so every JavaScript pattern applies. This file adds the forms only
; TypeScript has, with the same capture names.

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
