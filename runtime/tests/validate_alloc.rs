//! Validating a payload allocates only for violations: a valid payload of
//! thousands of values allocates nothing, and an invalid one allocates in
//! proportion to its violations, not to its size. Counted with dhat's heap
//! profiler as the global allocator (one test in this file, as dhat asks).

use graph_runtime::schema::{EnumSchema, FieldSchema, NodeSchema, Type};
use graph_runtime::validate;
use serde_json::{Value, json};

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

static STATUS: EnumSchema = EnumSchema {
    name: "status",
    values: &["ACTIVE", "PAUSED"],
};

static ITEM: NodeSchema = NodeSchema {
    name: "Item",
    fields: &[
        FieldSchema {
            name: "at",
            ty: Type::DateTime,
        },
        FieldSchema {
            name: "code",
            ty: Type::UInt32,
        },
        FieldSchema {
            name: "parent",
            ty: Type::Node(&ITEM),
        },
        FieldSchema {
            name: "status",
            ty: Type::Enum(&STATUS),
        },
        FieldSchema {
            name: "tags",
            ty: Type::Map(&Type::String, &Type::List(&Type::Int64)),
        },
    ],
};

static PAGE: NodeSchema = NodeSchema {
    name: "Page",
    fields: &[FieldSchema {
        name: "items",
        ty: Type::List(&Type::Node(&ITEM)),
    }],
};

fn payload(n: usize, bad_every: usize) -> Value {
    let items: Vec<Value> = (0..n)
        .map(|i| {
            let code = if bad_every > 0 && i % bad_every == 0 {
                json!(-1)
            } else {
                json!(i)
            };
            json!({
                "at": "2021-04-30T01:37:07+0000",
                "code": code,
                "parent": {"code": 7, "status": "PAUSED"},
                "status": "ACTIVE",
                "tags": {"a": [1, 2, 3], "b.c": []},
                "unknown_field": {"passes": true}
            })
        })
        .collect();
    json!({"items": items})
}

fn blocks_allocated_by(f: impl FnOnce()) -> u64 {
    let before = dhat::HeapStats::get().total_blocks;
    f();
    dhat::HeapStats::get().total_blocks - before
}

#[test]
fn validation_allocates_only_for_violations() {
    let _profiler = dhat::Profiler::builder().testing().build();

    let valid = payload(5_000, 0);
    let blocks = blocks_allocated_by(|| assert!(validate::validate(&PAGE, &valid).is_ok()));
    dhat::assert_eq!(blocks, 0, "a valid payload of 5,000 items allocated");

    let small = payload(100, 10); // 10 violations
    let large = payload(10_000, 1_000); // 10 violations in a payload 100 times larger
    let (mut small_blocks, mut large_blocks) = (0, 0);
    small_blocks += blocks_allocated_by(|| {
        assert_eq!(validate::validate(&PAGE, &small).unwrap_err().len(), 10)
    });
    large_blocks += blocks_allocated_by(|| {
        assert_eq!(validate::validate(&PAGE, &large).unwrap_err().len(), 10)
    });
    dhat::assert!(small_blocks > 0);
    dhat::assert_eq!(
        small_blocks,
        large_blocks,
        "allocation grew with the payload, not the violations"
    );
}
