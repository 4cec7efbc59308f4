; Exports and AWS SDK use in JavaScript handler files. src/handlers.c reads
; these captures; names starting with "_" only feed predicates.
;
;   @export.cjs         x in exports.x = / module.exports.x = / exports['x'] =
;                       / Object.defineProperty(exports, 'x', ...)
;   @export.cjs_object  a key of module.exports = { x, y: fn, z() {} }
;   @export.esm         x in export const|let|var|function|class x
;   @export.clause      x in export { a as x } / export { x } / export * as x
;   @export.default     the "default" of export default ... (a match holding
;                       it exports "default", not the declaration's name)
;   @export.dynamic     exports that cannot be listed: export * from,
;                       module.exports = <not an object literal>, a spread or
;                       computed key in it, exports[expr] =, exports passed
;                       to a function (Object.assign, __exportStar)
;   @export.params      the parameters of the function a match exports
;   @api.post           postToConnection in x.postToConnection(...)
;   @api.command        PostToConnectionCommand in new PostToConnectionCommand(...)
;   @api.client         the class in new [X.]ApiGatewayManagementApi[Client](...)
;   @api.client_v2      AWS.ApiGatewayManagementApi in new AWS.ApiGatewayManagementApi(...)
;   @api.gone           GoneException or 410: the code handles stale connections
;   @sdk.v2             the module of require/import('aws-sdk' or 'aws-sdk/...')
;   @sdk.v3             the module of require/import('@aws-sdk/...')
;   @api.endpoint       X in new [Y.]ApiGatewayManagementApiClient({ endpoint: X })
;                       or { endpoint } (the shorthand itself)
;   @api.endpoint_v2    the same in new AWS.ApiGatewayManagementApi({ ... })
;   @api.endpoint_bare  the same in new [Y.]ApiGatewayManagementApi({ ... }), Y not
;                       AWS: SDK v2 or v3 by the file's imports (src/handlers.c)
;
; What the exports are, for the value spans of src/handlers.c (which pairs
; them by the name node; a value whose name no export captured is unused):
;
;   @value.of           the exported name, the node an @export.* capture holds
;   @value.fn           the function it names: a function, arrow, generator or
;                       method node, or a whole function declaration
;   @value.ref          an identifier it names, resolved through @fn.*
;   @fn.name @fn.def    a top-level function x() {} (the declaration) or
;                       const|let|var x = <function or arrow> (the function)
;   @decl.name @decl.value  const|let|var x = <expression>, at any depth (an
;                       endpoint given as an identifier is resolved through it)

; ---- CommonJS ---------------------------------------------------------

; exports.x = ... / module.exports.x = ...
(assignment_expression
  left: [
    (member_expression
      object: (identifier) @_e
      property: (property_identifier) @export.cjs)
    (member_expression
      object: (member_expression
        object: (identifier) @_m
        property: (property_identifier) @_e)
      property: (property_identifier) @export.cjs)
  ]
  right: (_
    parameters: (_)? @export.params
    parameter: (_)? @export.params)
  (#eq? @_e "exports")
  (#eq? @_m "module"))

; exports['x'] = ... / module.exports['x'] = ... / exports[expr] = ...
(assignment_expression
  left: [
    (subscript_expression
      object: (identifier) @_e
      index: [(string (string_fragment) @export.cjs) (_) @export.dynamic])
    (subscript_expression
      object: (member_expression
        object: (identifier) @_m
        property: (property_identifier) @_e)
      index: [(string (string_fragment) @export.cjs) (_) @export.dynamic])
  ]
  (#eq? @_e "exports")
  (#eq? @_m "module")
  (#not-match? @export.dynamic "^['\"]"))

; module.exports = { ... }
(assignment_expression
  left: (member_expression
    object: (identifier) @_m
    property: (property_identifier) @_e)
  right: (object
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
    ])
  (#eq? @_m "module")
  (#eq? @_e "exports"))

; module.exports = <anything but an object literal>
(assignment_expression
  left: (member_expression
    object: (identifier) @_m
    property: (property_identifier) @_e) @export.dynamic
  right: (_) @_r
  (#eq? @_m "module")
  (#eq? @_e "exports")
  (#not-match? @_r "^[{]"))

; Object.defineProperty(exports, 'x', ...)
(call_expression
  function: (member_expression
    object: (identifier) @_o
    property: (property_identifier) @_d)
  arguments: (arguments
    .
    (identifier) @_e
    .
    (string (string_fragment) @export.cjs))
  (#eq? @_o "Object")
  (#eq? @_d "defineProperty")
  (#eq? @_e "exports"))

; Object.assign(exports, ...), __exportStar(require('x'), exports), ...
(call_expression
  function: (_) @_f
  arguments: (arguments (identifier) @_e) @export.dynamic
  (#eq? @_e "exports")
  (#not-eq? @_f "Object.defineProperty"))

; ---- ES modules -------------------------------------------------------

; export [default] function x / async function x / function* x / class x
(export_statement
  "default"? @export.default
  declaration: [
    (function_declaration
      name: (identifier) @export.esm
      parameters: (formal_parameters) @export.params)
    (generator_function_declaration
      name: (identifier) @export.esm
      parameters: (formal_parameters) @export.params)
    (class_declaration
      name: (_) @export.esm)
  ])

; export const x = ..., export let / var
(export_statement
  declaration: [
    (lexical_declaration
      (variable_declarator
        name: (identifier) @export.esm
        value: (_
          parameters: (_)? @export.params
          parameter: (_)? @export.params)?))
    (variable_declaration
      (variable_declarator
        name: (identifier) @export.esm
        value: (_
          parameters: (_)? @export.params
          parameter: (_)? @export.params)?))
  ])

; export const { a, b } = ... (destructuring)
(export_statement
  declaration: [
    (lexical_declaration
      (variable_declarator name: [(object_pattern) (array_pattern)] @export.dynamic))
    (variable_declaration
      (variable_declarator name: [(object_pattern) (array_pattern)] @export.dynamic))
  ])

; export default <expression>
(export_statement
  "default" @export.default
  value: (_
    parameters: (_)? @export.params
    parameter: (_)? @export.params))

; export { a as x, y } [from '...']
(export_specifier
  alias: (_) @export.clause)
(export_specifier
  name: (_) @export.clause
  !alias)

; export * as ns from '...'
(export_statement
  (namespace_export (_) @export.clause))

; export * from '...'
(export_statement
  "*" @export.dynamic
  source: (_))

; ---- AWS SDK and the management API -----------------------------------

(call_expression
  function: (member_expression
    property: (property_identifier) @api.post)
  (#eq? @api.post "postToConnection"))

(new_expression
  constructor: [
    (identifier) @api.command
    (member_expression property: (property_identifier) @api.command)
  ]
  (#eq? @api.command "PostToConnectionCommand"))

(new_expression
  constructor: (member_expression
    object: (identifier) @_aws
    property: (property_identifier) @_c) @api.client_v2
  (#eq? @_aws "AWS")
  (#eq? @_c "ApiGatewayManagementApi"))

(new_expression
  constructor: [
    (identifier) @api.client
    (member_expression
      object: (_) @_o
      property: (property_identifier) @api.client)
  ]
  (#any-of? @api.client "ApiGatewayManagementApi" "ApiGatewayManagementApiClient")
  (#not-eq? @_o "AWS"))

([(identifier) (property_identifier) (string_fragment)] @api.gone
  (#eq? @api.gone "GoneException"))

((number) @api.gone
  (#eq? @api.gone "410"))

; require('m'), import('m')
(call_expression
  function: [(identifier) @_r (import)]
  arguments: (arguments
    .
    (string (string_fragment) @sdk.v2))
  (#eq? @_r "require")
  (#match? @sdk.v2 "^aws-sdk(/|$)"))

(call_expression
  function: [(identifier) @_r (import)]
  arguments: (arguments
    .
    (string (string_fragment) @sdk.v3))
  (#eq? @_r "require")
  (#match? @sdk.v3 "^@aws-sdk/"))

; import ... from 'm'
(import_statement
  source: (string (string_fragment) @sdk.v2)
  (#match? @sdk.v2 "^aws-sdk(/|$)"))

(import_statement
  source: (string (string_fragment) @sdk.v3)
  (#match? @sdk.v3 "^@aws-sdk/"))

; ---- management-API endpoints -------------------------------------------

(new_expression
  constructor: [
    (identifier) @_c
    (member_expression object: (_) @_o property: (property_identifier) @_c)
  ]
  arguments: (arguments
    .
    (object (pair key: (property_identifier) @_k value: (_) @api.endpoint)))
  (#eq? @_c "ApiGatewayManagementApiClient")
  (#eq? @_k "endpoint"))

(new_expression
  constructor: [
    (identifier) @_c
    (member_expression object: (_) @_o property: (property_identifier) @_c)
  ]
  arguments: (arguments
    .
    (object (shorthand_property_identifier) @api.endpoint))
  (#eq? @_c "ApiGatewayManagementApiClient")
  (#eq? @api.endpoint "endpoint"))

(new_expression
  constructor: [
    (identifier) @_c
    (member_expression object: (_) @_o property: (property_identifier) @_c)
  ]
  arguments: (arguments
    .
    (object (pair key: (property_identifier) @_k value: (_) @api.endpoint_bare)))
  (#eq? @_c "ApiGatewayManagementApi")
  (#not-eq? @_o "AWS")
  (#eq? @_k "endpoint"))

(new_expression
  constructor: [
    (identifier) @_c
    (member_expression object: (_) @_o property: (property_identifier) @_c)
  ]
  arguments: (arguments
    .
    (object (shorthand_property_identifier) @api.endpoint_bare))
  (#eq? @_c "ApiGatewayManagementApi")
  (#not-eq? @_o "AWS")
  (#eq? @api.endpoint_bare "endpoint"))

(new_expression
  constructor: (member_expression
    object: (identifier) @_aws
    property: (property_identifier) @_c)
  arguments: (arguments
    .
    (object (pair key: (property_identifier) @_k value: (_) @api.endpoint_v2)))
  (#eq? @_aws "AWS")
  (#eq? @_c "ApiGatewayManagementApi")
  (#eq? @_k "endpoint"))

(new_expression
  constructor: (member_expression
    object: (identifier) @_aws
    property: (property_identifier) @_c)
  arguments: (arguments
    .
    (object (shorthand_property_identifier) @api.endpoint_v2))
  (#eq? @_aws "AWS")
  (#eq? @_c "ApiGatewayManagementApi")
  (#eq? @api.endpoint_v2 "endpoint"))

; ---- export values ------------------------------------------------------

; exports.x = V / module.exports.x = V / exports['x'] = V
(assignment_expression
  left: [
    (member_expression
      object: (identifier) @_e
      property: (property_identifier) @value.of)
    (member_expression
      object: (member_expression
        object: (identifier) @_m
        property: (property_identifier) @_e)
      property: (property_identifier) @value.of)
    (subscript_expression
      object: (identifier) @_e
      index: (string (string_fragment) @value.of))
    (subscript_expression
      object: (member_expression
        object: (identifier) @_m
        property: (property_identifier) @_e)
      index: (string (string_fragment) @value.of))
  ]
  right: [
    (function_expression) @value.fn
    (generator_function) @value.fn
    (arrow_function) @value.fn
    (identifier) @value.ref
  ]
  (#eq? @_e "exports")
  (#eq? @_m "module"))

; module.exports = { x, y: V, z() {} }
(assignment_expression
  left: (member_expression
    object: (identifier) @_m
    property: (property_identifier) @_e)
  right: (object
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
    ])
  (#eq? @_m "module")
  (#eq? @_e "exports"))

; export [default] function x / async function x / function* x
(export_statement
  declaration: [
    (function_declaration name: (identifier) @value.of)
    (generator_function_declaration name: (identifier) @value.of)
  ] @value.fn)

(export_statement
  "default" @value.of
  declaration: [
    (function_declaration)
    (generator_function_declaration)
  ] @value.fn)

; export const|let|var x = V
(export_statement
  declaration: [
    (lexical_declaration
      (variable_declarator
        name: (identifier) @value.of
        value: [
          (function_expression) @value.fn
          (generator_function) @value.fn
          (arrow_function) @value.fn
          (identifier) @value.ref
        ]))
    (variable_declaration
      (variable_declarator
        name: (identifier) @value.of
        value: [
          (function_expression) @value.fn
          (generator_function) @value.fn
          (arrow_function) @value.fn
          (identifier) @value.ref
        ]))
  ])

; export default V
(export_statement
  "default" @value.of
  value: [
    (function_expression) @value.fn
    (generator_function) @value.fn
    (arrow_function) @value.fn
    (identifier) @value.ref
  ])

; export { a as x } / export { x }, not re-exported from another module
(export_statement
  !source
  (export_clause
    (export_specifier
      name: (identifier) @value.ref
      alias: (_) @value.of)))

(export_statement
  !source
  (export_clause
    (export_specifier
      name: (identifier) @value.of @value.ref
      !alias)))

; top-level functions an exported identifier may name
(program
  [
    (function_declaration name: (identifier) @fn.name) @fn.def
    (generator_function_declaration name: (identifier) @fn.name) @fn.def
    (export_statement
      declaration: [
        (function_declaration name: (identifier) @fn.name)
        (generator_function_declaration name: (identifier) @fn.name)
      ] @fn.def)
  ])

(program
  [
    (lexical_declaration (variable_declarator
      name: (identifier) @fn.name
      value: [(function_expression) (generator_function) (arrow_function)] @fn.def))
    (variable_declaration (variable_declarator
      name: (identifier) @fn.name
      value: [(function_expression) (generator_function) (arrow_function)] @fn.def))
    (export_statement
      declaration: [
        (lexical_declaration (variable_declarator
          name: (identifier) @fn.name
          value: [(function_expression) (generator_function) (arrow_function)] @fn.def))
        (variable_declaration (variable_declarator
          name: (identifier) @fn.name
          value: [(function_expression) (generator_function) (arrow_function)] @fn.def))
      ])
  ])

; every const|let|var x = <expression>
(variable_declarator
  name: (identifier) @decl.name
  value: (_) @decl.value)
