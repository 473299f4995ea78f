#![no_main]

// Third-party decoders run inside the product's own catch_unwind here: see
// casefile::fuzzing::tolerate_guarded_third_party_panics.
libfuzzer_sys::fuzz_target!(
    init: casefile::fuzzing::tolerate_guarded_third_party_panics(),
    |data: &[u8]| casefile::fuzzing::pdf_render(data)
);
