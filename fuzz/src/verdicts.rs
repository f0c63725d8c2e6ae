//! The TypeScript decoder's verdicts on the saved PNG corpus (`png-verdicts.json`, written by
//! `fuzz/png-corpus.ts` and checked against every decoder by test/fuzz-corpus.test.ts). The
//! fuzz target replays the corpus and holds the Rust decoder to the same verdict: this is the
//! differential half of the PNG fuzzing; the other half is "no panic, limits respected" on every
//! input the fuzzer makes.

use perclass_io::{ColourMap, Labels, Limits, Mask, MaskError};
use serde_json::Value;
use std::sync::OnceLock;

const VERDICTS: &str = include_str!("../png-verdicts.json");

/// What decoding one file gave, comparable across decoders: the error code, or the size, the
/// label width and the SHA-1 of the labels (little-endian).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Error(String),
    Decoded {
        width: u32,
        height: u32,
        bits: u32,
        labels: String,
    },
}

pub struct Table {
    pub limits: Limits,
    pub colours: ColourMap,
    files: serde_json::Map<String, Value>,
}

/// The saved table (parsed once).
pub fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let json: Value = serde_json::from_str(VERDICTS).expect("png-verdicts.json is JSON");
        let max_pixels = json["maxPixels"].as_f64().expect("maxPixels");
        let pairs = json["colours"].as_array().expect("colours");
        let number = |v: &Value| v.as_u64().expect("a colour map entry is a number");
        let colours: Vec<u32> = pairs.iter().map(|p| number(&p[0]) as u32).collect();
        let labels: Vec<u16> = pairs.iter().map(|p| number(&p[1]) as u16).collect();
        Table {
            limits: Limits::from_f64(max_pixels).expect("a valid maxPixels"),
            colours: ColourMap::new(&colours, &labels).expect("a valid colour map"),
            files: json["files"].as_object().expect("files").clone(),
        }
    })
}

impl Table {
    /// The saved verdict on `bytes`, when they are a file of the corpus.
    pub fn expected(&self, bytes: &[u8]) -> Option<Verdict> {
        let entry = self.files.get(&sha1(bytes))?;
        let text = |key: &str| entry[key].as_str().expect("a string").to_owned();
        let int = |key: &str| entry[key].as_u64().expect("a number") as u32;
        Some(match entry["code"].as_str() {
            Some("ok") => Verdict::Decoded {
                width: int("width"),
                height: int("height"),
                bits: int("bits"),
                labels: text("labels"),
            },
            _ => Verdict::Error(text("code")),
        })
    }
}

pub fn sha1(bytes: &[u8]) -> String {
    sha1_smol::Sha1::from(bytes).digest().to_string()
}

/// The verdict of a decode, in the table's terms.
pub fn verdict(result: &Result<Mask, MaskError>) -> Verdict {
    match result {
        Err(error) => Verdict::Error(error.code().to_owned()),
        Ok(mask) => {
            let (bits, bytes): (u32, Vec<u8>) = match &mask.labels {
                Labels::U8(l) => (8, l.clone()),
                Labels::U16(l) => (16, l.iter().flat_map(|v| v.to_le_bytes()).collect()),
            };
            Verdict::Decoded {
                width: mask.width,
                height: mask.height,
                bits,
                labels: sha1(&bytes),
            }
        }
    }
}
