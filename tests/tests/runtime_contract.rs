//! What codegen assumes of the runtime, checked against the runtime itself.

/// Codegen leaves these parameters out of generated parameter structs
/// because the runtime's builders set them; the runtime refuses a struct
/// that carries one. Both must name the same parameters.
#[test]
fn codegen_and_the_runtime_agree_on_the_parameters_the_runtime_sets() {
    use codegen::emit::node as codegen_lists;
    use graph_runtime::params as runtime_lists;
    assert_eq!(codegen_lists::CLIENT_PARAMS, runtime_lists::CLIENT_PARAMS);
    assert_eq!(codegen_lists::READ_PARAMS, runtime_lists::READ_PARAMS);
    assert_eq!(codegen_lists::LIST_PARAMS, runtime_lists::LIST_PARAMS);
}
