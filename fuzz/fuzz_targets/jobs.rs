//! Any bytes as a job taken from the queue (a foreign publisher may put
//! anything on its subjects): header lines `Name: value` up to a blank
//! line, then the payload, decoded as an extract job, as an analyse job and
//! as a fetch job's URL. An error, never a panic; what decodes re-encodes.
#![no_main]

use async_nats::header::HeaderName;
use async_nats::HeaderMap;
use libfuzzer_sys::fuzz_target;
use newsdesk_worker::{decode_input, encode_input};

fuzz_target!(|data: &[u8]| {
    let split = data.windows(2).position(|w| w == b"\n\n");
    let (head, payload) = match split {
        Some(at) => (&data[..at], &data[at + 2..]),
        None => (&data[..0], data),
    };
    let mut headers = HeaderMap::new();
    for line in String::from_utf8_lossy(head).lines() {
        if let Some((name, value)) = line.split_once(':') {
            if let Ok(name) = name.trim().parse::<HeaderName>() {
                headers.insert(name, value.trim());
            }
        }
    }
    if let Ok(input) = decode_input(Some(&headers), payload) {
        let _ = encode_input(input);
    }
    let _ = decode_input(None, payload);
    let _ = newsdesk_worker::decode_ids(payload);
    let _ = newsdesk_worker::encode_url(&String::from_utf8_lossy(payload), true);
});
