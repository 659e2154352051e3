use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;

use crate::jsonl::JsonlReader;
use crate::warc::WarcReader;
use crate::{Input, InputError, Page};

/// Which files a directory walk picks up.
#[derive(Debug, Clone, Default)]
pub struct SourceOptions {
    /// Also take WARC and JSONL files found in directories (not only HTML).
    pub containers_in_dirs: bool,
    /// URL for a single page read from a file or stdin (`extract --url`).
    pub url: Option<String>,
}

impl SourceOptions {
    /// `ingest`: directories yield HTML, WARC and JSONL files.
    pub fn for_ingest() -> Self {
        SourceOptions { containers_in_dirs: true, url: None }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Html,
    Warc,
    Jsonl,
}

/// Longest single HTML file read; larger ones are reported, not loaded.
const MAX_PAGE: u64 = 256 << 20;

/// Every input named on a command line, in order, streaming.
///
/// Paths may be files, directories (walked recursively, sorted) or `-` for
/// stdin (JSONL when it starts with `{`, HTML otherwise). Files ending in
/// `.gz` are decompressed.
pub struct Sources {
    pending: VecDeque<PathBuf>,
    walking: Option<Box<dyn Iterator<Item = walkdir::Result<walkdir::DirEntry>> + Send>>,
    current: Option<Box<dyn Iterator<Item = Result<Input, InputError>> + Send>>,
    options: SourceOptions,
}

impl Sources {
    /// Reads `paths`; an empty list means stdin.
    pub fn new(paths: Vec<PathBuf>, options: SourceOptions) -> Self {
        let pending = if paths.is_empty() { VecDeque::from([PathBuf::from("-")]) } else { paths.into() };
        Sources { pending, walking: None, current: None, options }
    }

    fn kind_of(path: &Path) -> Option<Kind> {
        let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
        let name = name.strip_suffix(".gz").unwrap_or(&name);
        let ext = name.rsplit_once('.').map(|(_, e)| e)?;
        match ext {
            "html" | "htm" | "xhtml" | "shtml" => Some(Kind::Html),
            "warc" => Some(Kind::Warc),
            "jsonl" | "ndjson" => Some(Kind::Jsonl),
            _ => None,
        }
    }

    /// Opens a file named explicitly: its kind comes from the extension, and
    /// anything unknown is read as HTML.
    fn open(&mut self, path: &Path) -> Option<Result<Input, InputError>> {
        let origin = path.display().to_string();
        if origin == "-" {
            return self.open_stdin();
        }
        let kind = Self::kind_of(path).unwrap_or(Kind::Html);
        let file = match File::open(path) {
            Ok(f) => f,
            Err(e) => return Some(Err(InputError::new(origin, e))),
        };
        let gz = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("gz"));
        let reader: Box<dyn BufRead + Send> = if gz {
            Box::new(BufReader::with_capacity(1 << 16, MultiGzDecoder::new(BufReader::new(file))))
        } else {
            Box::new(BufReader::with_capacity(1 << 16, file))
        };
        match kind {
            Kind::Warc => self.current = Some(Box::new(WarcReader::new(reader, origin))),
            Kind::Jsonl => self.current = Some(Box::new(JsonlReader::new(reader, origin))),
            Kind::Html => return Some(self.read_page(reader, origin)),
        }
        None
    }

    fn open_stdin(&mut self) -> Option<Result<Input, InputError>> {
        let mut stdin = BufReader::new(std::io::stdin());
        let first = match stdin.fill_buf() {
            Ok(buf) => buf.iter().find(|b| !b.is_ascii_whitespace()).copied(),
            Err(e) => return Some(Err(InputError::new("-", e))),
        };
        if first == Some(b'{') {
            self.current = Some(Box::new(JsonlReader::new(stdin, "-".to_string())));
            None
        } else {
            Some(self.read_page(Box::new(stdin), "-".to_string()))
        }
    }

    fn read_page(&self, reader: Box<dyn BufRead + Send>, origin: String) -> Result<Input, InputError> {
        let mut bytes = Vec::new();
        reader
            .take(MAX_PAGE + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| InputError::new(origin.clone(), format!("read error: {e}")))?;
        if bytes.len() as u64 > MAX_PAGE {
            return Err(InputError::new(origin, "page larger than 256 MiB"));
        }
        Ok(Input::Page(Page { origin, bytes, url: self.options.url.clone(), ..Default::default() }))
    }
}

impl Iterator for Sources {
    type Item = Result<Input, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(cur) = &mut self.current {
                match cur.next() {
                    Some(item) => return Some(item),
                    None => self.current = None,
                }
            }
            if let Some(walk) = &mut self.walking {
                match walk.next() {
                    Some(Ok(entry)) => {
                        let path = entry.path();
                        let wanted = entry.file_type().is_file()
                            && match Self::kind_of(path) {
                                Some(Kind::Html) => true,
                                Some(_) => self.options.containers_in_dirs,
                                None => false,
                            };
                        if wanted {
                            let path = path.to_path_buf();
                            if let Some(item) = self.open(&path) {
                                return Some(item);
                            }
                        }
                        continue;
                    }
                    Some(Err(e)) => {
                        let origin = e.path().map(|p| p.display().to_string()).unwrap_or_default();
                        return Some(Err(InputError::new(origin, e)));
                    }
                    None => self.walking = None,
                }
                continue;
            }
            let path = self.pending.pop_front()?;
            if path.is_dir() {
                self.walking = Some(Box::new(walkdir::WalkDir::new(path).sort_by_file_name().into_iter()));
                continue;
            }
            if let Some(item) = self.open(&path) {
                return Some(item);
            }
        }
    }
}
