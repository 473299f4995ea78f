#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| casefile::fuzzing::timestamp_response(data));
