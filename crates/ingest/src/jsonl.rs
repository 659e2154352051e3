use std::io::{BufRead, Read};

use newsdesk_model::InputRecord;

use crate::{Input, InputError};

/// Longest JSONL line accepted; longer lines are reported, not buffered forever.
const MAX_LINE: usize = 64 << 20;

/// Streams records from a JSONL reader, one [`Input`] per non-blank line.
pub(crate) struct JsonlReader<R> {
    reader: R,
    origin: String,
    line_no: u64,
    buf: Vec<u8>,
    done: bool,
}

impl<R: BufRead> JsonlReader<R> {
    pub(crate) fn new(reader: R, origin: String) -> Self {
        JsonlReader { reader, origin, line_no: 0, buf: Vec::new(), done: false }
    }
}

impl<R: BufRead> Iterator for JsonlReader<R> {
    type Item = Result<Input, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.buf.clear();
            self.line_no += 1;
            let origin = format!("{}:{}", self.origin, self.line_no);
            match Read::take(&mut self.reader, MAX_LINE as u64 + 1).read_until(b'\n', &mut self.buf) {
                Ok(0) => self.done = true,
                Ok(_) if self.buf.len() > MAX_LINE => {
                    self.done = true;
                    return Some(Err(InputError::new(origin, "line longer than 64 MiB; rest of file skipped")));
                }
                Ok(_) => {
                    if self.buf.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    return Some(match InputRecord::from_json(&self.buf) {
                        Ok(record) => Ok(Input::Record { origin, record: Box::new(record) }),
                        Err(e) => Err(InputError::new(origin, e)),
                    });
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(InputError::new(origin, format!("read error: {e}"))));
                }
            }
        }
        None
    }
}
