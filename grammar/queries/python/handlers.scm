; Module attributes and boto3 use in Python handler files. src/handlers.c
; reads these captures; names starting with "_" only feed predicates. Only
; module-level statements define what `handler: file.name` can reach.
;
;   @export.def      x in def x / async def x (decorated or not)
;   @export.class    X in class X
;   @export.assign   x in x = ..., x: T = ..., a = x = ..., x, y = ...
;   @export.import   x in from m import x / from m import a as x / import m as x
;   @export.dynamic  names that cannot be listed: from m import *, globals()[k] =,
;                    globals().update(...), setattr(sys.modules[__name__], ...),
;                    sys.modules[__name__].x =, a module-level __getattr__
;   @block.def, @block.class, @block.assign, @block.import, @block.dynamic
;                    the same inside a block (of if/elif/else, try/except/
;                    finally, with, for, while, match): module level unless
;                    the block lies in a @py.scope
;   @py.scope        the body of a def or class: what is inside is not module level
;   @export.params   the parameters of the function a match defines
;   @api.post        post_to_connection in x.post_to_connection(...)
;   @api.client      the service name in [boto3.|session.]client('apigatewaymanagementapi')
;   @api.gone        GoneException or 410: the code handles stale connections
;   @api.endpoint    X in client('apigatewaymanagementapi', endpoint_url=X)
;
; Values, for src/handlers.c (see the JavaScript query): @value.of the
; exported name, @value.fn its def (the function_definition) or lambda,
; @value.ref an identifier it is assigned; @fn.name/@fn.def a module-level
; def; @decl.name/@decl.value any x = <expression>.

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

(call
  function: [
    (attribute attribute: (identifier) @_c)
    (identifier) @_c
  ]
  arguments: (argument_list
    .
    (string (string_content) @_s)
    (keyword_argument
      name: (identifier) @_k
      value: (_) @api.endpoint))
  (#eq? @_c "client")
  (#eq? @_s "apigatewaymanagementapi")
  (#eq? @_k "endpoint_url"))

(call
  function: [
    (attribute attribute: (identifier) @_c)
    (identifier) @_c
  ]
  arguments: [
    (argument_list
      (keyword_argument
        name: (identifier) @_n
        value: (string (string_content) @_s))
      (keyword_argument
        name: (identifier) @_k
        value: (_) @api.endpoint))
    (argument_list
      (keyword_argument
        name: (identifier) @_k
        value: (_) @api.endpoint)
      (keyword_argument
        name: (identifier) @_n
        value: (string (string_content) @_s)))
  ]
  (#eq? @_c "client")
  (#eq? @_n "service_name")
  (#eq? @_s "apigatewaymanagementapi")
  (#eq? @_k "endpoint_url"))

; ---- exports open to names that cannot be listed -----------------------

; globals()[k] = ..., globals().update(...)
(assignment
  left: (subscript
    value: (call function: (identifier) @_g) @export.dynamic)
  (#eq? @_g "globals"))

(call
  function: (attribute
    object: (call function: (identifier) @_g) @export.dynamic
    attribute: (identifier) @_u)
  (#eq? @_g "globals")
  (#any-of? @_u "update" "setdefault" "__setitem__"))

; setattr(sys.modules[__name__], ...), sys.modules[__name__].x = ...
(call
  function: (identifier) @_s
  arguments: (argument_list
    .
    (subscript
      value: (attribute object: (identifier) @_sys attribute: (identifier) @_mods)
      subscript: (identifier) @_n) @export.dynamic)
  (#eq? @_s "setattr")
  (#eq? @_sys "sys")
  (#eq? @_mods "modules")
  (#eq? @_n "__name__"))

(assignment
  left: (attribute
    object: (subscript
      value: (attribute object: (identifier) @_sys attribute: (identifier) @_mods)
      subscript: (identifier) @_n) @export.dynamic)
  (#eq? @_sys "sys")
  (#eq? @_mods "modules")
  (#eq? @_n "__name__"))

; a module __getattr__ (PEP 562) answers for any name
(module
  [
    (function_definition name: (identifier) @export.dynamic)
    (decorated_definition definition: (function_definition name: (identifier) @export.dynamic))
    (expression_statement (assignment left: (identifier) @export.dynamic))
  ]
  (#eq? @export.dynamic "__getattr__"))

; ---- module level inside if / try / with / for / while blocks ----------

(function_definition body: (block) @py.scope)
(class_definition body: (block) @py.scope)

(block
  [
    (function_definition
      name: (identifier) @block.def
      parameters: (parameters) @export.params)
    (decorated_definition
      definition: (function_definition
        name: (identifier) @block.def
        parameters: (parameters) @export.params))
  ])

(block
  [
    (class_definition name: (identifier) @block.class)
    (decorated_definition definition: (class_definition name: (identifier) @block.class))
  ])

(block
  (expression_statement
    (assignment
      left: [
        (identifier) @block.assign
        (pattern_list (identifier) @block.assign)
        (tuple_pattern (identifier) @block.assign)
      ])))

(block
  (expression_statement
    (assignment
      right: (assignment
        left: (identifier) @block.assign))))

(block
  (import_from_statement
    name: [
      (dotted_name . (identifier) @block.import .)
      (aliased_import alias: (identifier) @block.import)
    ]))

(block
  (import_statement
    name: (aliased_import alias: (identifier) @block.import)))

(block
  [
    (import_from_statement (wildcard_import) @block.dynamic)
    (function_definition name: (identifier) @block.dynamic)
    (decorated_definition
      definition: (function_definition name: (identifier) @block.dynamic))
    (expression_statement (assignment left: (identifier) @block.dynamic))
  ]
  (#match? @block.dynamic "^(__getattr__|[*])$"))

; ---- export values ------------------------------------------------------

(module
  [
    (function_definition name: (identifier) @value.of) @value.fn
    (decorated_definition
      definition: (function_definition name: (identifier) @value.of) @value.fn)
  ])

(block
  [
    (function_definition name: (identifier) @value.of) @value.fn
    (decorated_definition
      definition: (function_definition name: (identifier) @value.of) @value.fn)
  ])

(assignment
  left: (identifier) @value.of
  right: [(lambda) @value.fn (identifier) @value.ref])

(module
  [
    (function_definition name: (identifier) @fn.name) @fn.def
    (decorated_definition
      definition: (function_definition name: (identifier) @fn.name) @fn.def)
  ])

(assignment
  left: (identifier) @decl.name
  right: (_) @decl.value)
