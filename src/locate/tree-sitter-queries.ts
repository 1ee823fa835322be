/**
 * Tag queries per grammar (tree-sitter-wasms 0.1.x grammars). Capture names: `def.<kind>` for a definition's
 * name, `ref` for a used identifier, `import` / `import.from` / `import.name` for module specifiers.
 * Each pattern is compiled on its own, so one the grammar lacks is skipped, not fatal.
 */

export type GrammarName = "python" | "javascript" | "typescript" | "tsx" | "go" | "rust" | "java";

export const GRAMMAR_OF_EXTENSION: Readonly<Record<string, GrammarName>> = {
  py: "python",
  pyi: "python",
  js: "javascript",
  mjs: "javascript",
  cjs: "javascript",
  jsx: "javascript",
  ts: "typescript",
  mts: "typescript",
  cts: "typescript",
  tsx: "tsx",
  go: "go",
  rs: "rust",
  java: "java",
};

const JS_COMMON = [
  "(class_declaration name: (_) @def.class)",
  "(function_declaration name: (identifier) @def.function)",
  "(generator_function_declaration name: (identifier) @def.function)",
  "(method_definition name: (property_identifier) @def.method)",
  "(variable_declarator name: (identifier) @def.function value: (arrow_function))",
  "(variable_declarator name: (identifier) @def.function value: (function))",
  "(variable_declarator name: (identifier) @def.function value: (function_expression))",
  "(call_expression function: (identifier) @ref)",
  "(call_expression function: (member_expression property: (property_identifier) @ref))",
  "(new_expression constructor: (identifier) @ref)",
  "(import_statement source: (string) @import)",
  "(export_statement source: (string) @import)",
  '((call_expression function: (identifier) @_require arguments: (arguments (string) @import)) (#eq? @_require "require"))',
];

const TS_EXTRA = [
  "(interface_declaration name: (type_identifier) @def.type)",
  "(type_alias_declaration name: (type_identifier) @def.type)",
  "(enum_declaration name: (identifier) @def.type)",
  "(abstract_class_declaration name: (type_identifier) @def.class)",
  "(function_signature name: (identifier) @def.function)",
  "(method_signature name: (property_identifier) @def.method)",
  "(type_identifier) @ref",
];

export const TAG_PATTERNS: Readonly<Record<GrammarName, readonly string[]>> = {
  python: [
    "(class_definition name: (identifier) @def.class)",
    "(function_definition name: (identifier) @def.function)",
    "(call function: (identifier) @ref)",
    "(call function: (attribute attribute: (identifier) @ref))",
    "(attribute attribute: (identifier) @ref)",
    "(argument_list (identifier) @ref)",
    "(class_definition superclasses: (argument_list (identifier) @ref))",
    "(import_statement name: (dotted_name) @import)",
    "(import_statement name: (aliased_import name: (dotted_name) @import))",
    "(import_from_statement module_name: (_) @import.from)",
    "(import_from_statement name: (dotted_name) @import.name)",
    "(import_from_statement name: (aliased_import name: (dotted_name) @import.name))",
  ],
  javascript: JS_COMMON,
  typescript: [...JS_COMMON, ...TS_EXTRA],
  tsx: [...JS_COMMON, ...TS_EXTRA],
  go: [
    "(function_declaration name: (identifier) @def.function)",
    "(method_declaration name: (field_identifier) @def.method)",
    "(type_spec name: (type_identifier) @def.type)",
    "(call_expression function: (identifier) @ref)",
    "(call_expression function: (selector_expression field: (field_identifier) @ref))",
    "(type_identifier) @ref",
    "(import_spec path: (interpreted_string_literal) @import)",
  ],
  rust: [
    "(function_item name: (identifier) @def.function)",
    "(function_signature_item name: (identifier) @def.function)",
    "(struct_item name: (type_identifier) @def.class)",
    "(enum_item name: (type_identifier) @def.class)",
    "(trait_item name: (type_identifier) @def.class)",
    "(union_item name: (type_identifier) @def.class)",
    "(type_item name: (type_identifier) @def.type)",
    "(mod_item name: (identifier) @def.module)",
    "(macro_definition name: (identifier) @def.function)",
    "(call_expression function: (identifier) @ref)",
    "(call_expression function: (field_expression field: (field_identifier) @ref))",
    "(call_expression function: (scoped_identifier name: (identifier) @ref))",
    "(macro_invocation macro: (identifier) @ref)",
    "(type_identifier) @ref",
    "(use_declaration argument: (_) @import)",
  ],
  java: [
    "(class_declaration name: (identifier) @def.class)",
    "(interface_declaration name: (identifier) @def.class)",
    "(enum_declaration name: (identifier) @def.class)",
    "(record_declaration name: (identifier) @def.class)",
    "(annotation_type_declaration name: (identifier) @def.class)",
    "(method_declaration name: (identifier) @def.method)",
    "(constructor_declaration name: (identifier) @def.method)",
    "(method_invocation name: (identifier) @ref)",
    "(object_creation_expression type: (type_identifier) @ref)",
    "(type_identifier) @ref",
    "(import_declaration (scoped_identifier) @import)",
  ],
};

/** Node types that open a scope, for the nesting depth of a definition. */
export const SCOPE_TYPES: ReadonlySet<string> = new Set([
  "class_definition",
  "function_definition",
  "class_declaration",
  "class",
  "abstract_class_declaration",
  "function_declaration",
  "method_definition",
  "interface_declaration",
  "enum_declaration",
  "impl_item",
  "trait_item",
  "mod_item",
  "function_item",
  "method_declaration",
  "record_declaration",
]);

/** Node types whose definitions are members of a type (a function inside is a method). */
export const TYPE_SCOPE_TYPES: ReadonlySet<string> = new Set([
  "class_definition",
  "class_declaration",
  "class",
  "abstract_class_declaration",
  "interface_declaration",
  "impl_item",
  "trait_item",
  "enum_declaration",
  "record_declaration",
]);
