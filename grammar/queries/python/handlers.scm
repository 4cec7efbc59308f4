; Module attributes and boto3 use in Python handler files. src/handlers.c
; reads these captures; names starting with "_" only feed predicates. Only
; module-level statements define what `handler: file.name` can reach.
;
;   @export.def      x in def x / async def x (decorated or not)
;   @export.class    X in class X
;   @export.assign   x in x = ..., x: T = ..., a = x = ..., x, y = ...
;   @export.import   x in from m import x / from m import a as x / import m as x
;   @export.dynamic  from m import *: names that cannot be listed
;   @export.params   the parameters of the function a match defines
;   @api.post        post_to_connection in x.post_to_connection(...)
;   @api.client      the service name in [boto3.|session.]client('apigatewaymanagementapi')
;   @api.gone        GoneException or 410: the code handles stale connections

(module
  (function_definition
    name: (identifier) @export.def
    parameters: (parameters) @export.params))

(module
  (decorated_definition
    definition: (function_definition
      name: (identifier) @export.def
      parameters: (parameters) @export.params)))

(module
  [
    (class_definition name: (identifier) @export.class)
    (decorated_definition definition: (class_definition name: (identifier) @export.class))
  ])

(module
  (expression_statement
    (assignment
      left: [
        (identifier) @export.assign
        (pattern_list (identifier) @export.assign)
        (tuple_pattern (identifier) @export.assign)
      ])))

(module
  (expression_statement
    (assignment
      right: (assignment
        left: (identifier) @export.assign))))

(module
  (import_from_statement
    name: [
      (dotted_name . (identifier) @export.import .)
      (aliased_import alias: (identifier) @export.import)
    ]))

(module
  (import_statement
    name: (aliased_import alias: (identifier) @export.import)))

(module
  (import_from_statement
    (wildcard_import) @export.dynamic))

; ---- boto3 and the management API -------------------------------------

(call
  function: (attribute
    attribute: (identifier) @api.post)
  (#eq? @api.post "post_to_connection"))

(call
  function: [
    (attribute attribute: (identifier) @_c)
    (identifier) @_c
  ]
  arguments: (argument_list
    .
    (string (string_content) @api.client))
  (#eq? @_c "client")
  (#eq? @api.client "apigatewaymanagementapi"))

(call
  function: [
    (attribute attribute: (identifier) @_c)
    (identifier) @_c
  ]
  arguments: (argument_list
    (keyword_argument
      name: (identifier) @_k
      value: (string (string_content) @api.client)))
  (#eq? @_c "client")
  (#eq? @_k "service_name")
  (#eq? @api.client "apigatewaymanagementapi"))

([(identifier) (string_content)] @api.gone
  (#eq? @api.gone "GoneException"))

((integer) @api.gone
  (#eq? @api.gone "410"))
