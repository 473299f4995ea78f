#![no_main]

// symphonia's demuxers (MP3, ADTS, OGG, FLAC durations) run inside the product's own
// catch_unwind (`domain::media::duration`): see casefile::fuzzing::tolerate_guarded_third_party_panics.
libfuzzer_sys::fuzz_target!(
    init: casefile::fuzzing::tolerate_guarded_third_party_panics(),
    |data: &[u8]| casefile::fuzzing::media_duration(data)
);
