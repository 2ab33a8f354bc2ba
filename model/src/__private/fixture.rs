//! A schema using every [`Type`] variant, cyclic, for tests and fuzzing.
//!
//! Not part of the API: the runtime's tests, property tests and the
//! `graph-fuzz` crate share it (as `graph_runtime::__private::fixture`) so
//! that all of them cover the same rules.

use crate::schema::{EnumSchema, FieldSchema, NodeSchema, ParamSchema, Type};

const fn field(name: &'static str, ty: Type) -> FieldSchema {
    FieldSchema { name, ty }
}

const fn param(name: &'static str, ty: Type, required: bool) -> ParamSchema {
    ParamSchema { name, ty, required }
}

/// Parameters of an imaginary operation: two required, the rest optional,
/// reaching [`EVERY_TYPE`] through a map.
pub static PARAMS: &[ParamSchema] = &[
    param("message", Type::String, true),
    param("ids", Type::List(&Type::UInt64), true),
    param("status", Type::Enum(&STATUS), false),
    param("since", Type::DateTime, false),
    param("limit", Type::UInt32, false),
    param("source", Type::File, false),
    param(
        "filters",
        Type::Map(&Type::String, &Type::Node(&EVERY_TYPE)),
        false,
    ),
    param("extra", Type::Object, false),
];

/// An enum with three listed values.
pub static STATUS: EnumSchema = EnumSchema {
    name: "status",
    values: &["ACTIVE", "INACTIVE", "PENDING_REVIEW"],
};

/// A node with a field of every type, including itself (`node`,
/// `children`, `list_of_maps`, `int64_keyed`). Fields are named after
/// their types.
pub static EVERY_TYPE: NodeSchema = NodeSchema {
    name: "EveryType",
    fields: &[
        field("any_json", Type::Object),
        field("bool", Type::Bool),
        field("bool_keyed", Type::Map(&Type::Bool, &Type::String)),
        field("children", Type::List(&Type::Node(&EVERY_TYPE))),
        field("datetime", Type::DateTime),
        field("datetime_keyed", Type::Map(&Type::DateTime, &Type::Int32)),
        field("enum_keyed", Type::Map(&Type::Enum(&STATUS), &Type::Bool)),
        field("file", Type::File),
        field("files", Type::List(&Type::File)),
        field("float", Type::Float),
        field("float_keyed", Type::Map(&Type::Float, &Type::Bool)),
        field("int32", Type::Int32),
        field("int32_keyed", Type::Map(&Type::Int32, &Type::Float)),
        field("int64", Type::Int64),
        field(
            "int64_keyed",
            Type::Map(&Type::Int64, &Type::Node(&EVERY_TYPE)),
        ),
        field(
            "list_of_maps",
            Type::List(&Type::Map(&Type::String, &Type::Node(&EVERY_TYPE))),
        ),
        field("lists", Type::List(&Type::List(&Type::UInt64))),
        field("node", Type::Node(&EVERY_TYPE)),
        field("status", Type::Enum(&STATUS)),
        field("statuses", Type::List(&Type::Enum(&STATUS))),
        field("string", Type::String),
        field("strings_by_name", Type::Map(&Type::String, &Type::String)),
        field("uint32", Type::UInt32),
        field("uint32_keyed", Type::Map(&Type::UInt32, &Type::String)),
        field("uint64", Type::UInt64),
        field("uint64_keyed", Type::Map(&Type::UInt64, &Type::UInt32)),
        field("unknown", Type::Unknown("Mystery")),
    ],
};
