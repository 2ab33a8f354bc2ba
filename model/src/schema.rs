//! Static description of the nodes, fields and enums of a spec.
//!
//! `codegen` emits one `static` [`NodeSchema`] per node and one [`EnumSchema`]
//! per enum; they refer to each other by reference, cycles included. Runtime
//! code that must know a node's shape (validation, error paths, the emulator)
//! walks these instead of generated code repeating that logic per node.

use std::fmt;

/// A Graph node type: its name and its fields.
pub struct NodeSchema {
    /// Graph type name (`"VoipInfo"`).
    pub name: &'static str,
    /// Every field, sorted by wire name (so lookups can binary-search).
    pub fields: &'static [FieldSchema],
}

impl NodeSchema {
    /// The field with this wire name: a scan that compares lengths first
    /// for a few fields, a binary search for more.
    pub fn field(&self, name: &str) -> Option<&'static FieldSchema> {
        if self.fields.len() <= 16 {
            return self
                .fields
                .iter()
                .find(|f| f.name.len() == name.len() && f.name == name);
        }
        self.fields
            .binary_search_by(|f| f.name.cmp(name))
            .ok()
            .map(|i| &self.fields[i])
    }
}

impl fmt::Debug for NodeSchema {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Schemas are cyclic (Comment.parent: Comment): print one level only.
        f.debug_struct("NodeSchema")
            .field("name", &self.name)
            .field("fields", &self.fields)
            .finish()
    }
}

/// One field of a node.
#[derive(Debug)]
pub struct FieldSchema {
    /// Wire name, exactly as the Graph API spells it.
    pub name: &'static str,
    /// The field's type.
    pub ty: Type,
}

/// One parameter of an operation.
#[derive(Debug)]
pub struct ParamSchema {
    /// Wire name.
    pub name: &'static str,
    /// The parameter's type.
    pub ty: Type,
    /// Whether the Graph API rejects a request without it.
    pub required: bool,
}

/// An enum: the values the spec lists. The API may send others.
#[derive(Debug)]
pub struct EnumSchema {
    /// Spec name of the enum (`"call_status"`).
    pub name: &'static str,
    /// Every listed value, in spec order.
    pub values: &'static [&'static str],
}

impl EnumSchema {
    /// Whether `value` is one of the listed values.
    pub fn contains(&self, value: &str) -> bool {
        self.values.contains(&value)
    }
}

/// A field or parameter type.
#[derive(Clone, Copy)]
pub enum Type {
    /// `bool`
    Bool,
    /// `string`
    String,
    /// `int32`
    Int32,
    /// `unsigned int32`
    UInt32,
    /// `int64`
    Int64,
    /// `unsigned int64`
    UInt64,
    /// `float`
    Float,
    /// `datetime`: `2021-04-30T01:37:07+0000` or RFC 3339.
    DateTime,
    /// `Object`: any JSON value.
    Object,
    /// `file`: an upload. Generated code holds it as a `serde_json::Value`,
    /// so, like `Object`, any JSON value decodes and validates.
    File,
    /// `list<T>`
    List(&'static Type),
    /// `map<K, V>`: a JSON object whose keys are `K` written as strings.
    Map(&'static Type, &'static Type),
    /// A node.
    Node(&'static NodeSchema),
    /// An edge as Graph returns it inline under field expansion: a page
    /// `{"data": [T, …], "paging": {…}, "summary": {…}}` of these.
    Edge(&'static Type),
    /// An enum.
    Enum(&'static EnumSchema),
    /// A type the spec names but does not describe: any JSON value.
    Unknown(&'static str),
}

impl fmt::Debug for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// The spec spelling: `list<map<string, VoipInfo>>`.
impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Bool => f.write_str("bool"),
            Type::String => f.write_str("string"),
            Type::Int32 => f.write_str("int32"),
            Type::UInt32 => f.write_str("unsigned int32"),
            Type::Int64 => f.write_str("int64"),
            Type::UInt64 => f.write_str("unsigned int64"),
            Type::Float => f.write_str("float"),
            Type::DateTime => f.write_str("datetime"),
            Type::Object => f.write_str("Object"),
            Type::File => f.write_str("file"),
            Type::List(item) => write!(f, "list<{item}>"),
            Type::Map(key, value) => write!(f, "map<{key}, {value}>"),
            Type::Node(node) => f.write_str(node.name),
            Type::Edge(item) => write!(f, "edge<{item}>"),
            Type::Enum(e) => f.write_str(e.name),
            Type::Unknown(name) => f.write_str(name),
        }
    }
}

/// What `paging` and `summary` of an edge page hold, for validation and
/// tolerant decoding (`data` is the edge's own item type).
pub static PAGE: NodeSchema = NodeSchema {
    name: "EdgePage",
    fields: &[
        FieldSchema {
            name: "paging",
            ty: Type::Node(&PAGING),
        },
        FieldSchema {
            name: "summary",
            ty: Type::Node(&SUMMARY),
        },
    ],
};

pub(crate) static PAGING: NodeSchema = NodeSchema {
    name: "Paging",
    fields: &[
        FieldSchema {
            name: "cursors",
            ty: Type::Node(&CURSORS),
        },
        FieldSchema {
            name: "next",
            ty: Type::String,
        },
        FieldSchema {
            name: "previous",
            ty: Type::String,
        },
    ],
};

pub(crate) static CURSORS: NodeSchema = NodeSchema {
    name: "Cursors",
    fields: &[
        FieldSchema {
            name: "after",
            ty: Type::String,
        },
        FieldSchema {
            name: "before",
            ty: Type::String,
        },
    ],
};

pub(crate) static SUMMARY: NodeSchema = NodeSchema {
    name: "Summary",
    fields: &[FieldSchema {
        name: "total_count",
        ty: Type::UInt64,
    }],
};

#[cfg(test)]
mod tests {
    use super::*;

    static COMMENT: NodeSchema = NodeSchema {
        name: "Comment",
        fields: &[
            FieldSchema {
                name: "message",
                ty: Type::String,
            },
            FieldSchema {
                name: "parent",
                ty: Type::Node(&COMMENT),
            },
            FieldSchema {
                name: "tags",
                ty: Type::List(&Type::Map(&Type::String, &Type::UInt32)),
            },
        ],
    };

    #[test]
    fn lookup_by_wire_name() {
        assert_eq!(COMMENT.field("parent").map(|f| f.name), Some("parent"));
        assert!(COMMENT.field("nope").is_none());
    }

    #[test]
    fn cyclic_schemas_print_finitely() {
        let printed = format!("{COMMENT:?}");
        assert!(printed.contains("parent"));
        assert_eq!(
            COMMENT.fields[2].ty.to_string(),
            "list<map<string, unsigned int32>>"
        );
    }
}
