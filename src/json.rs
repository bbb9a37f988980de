//! JSON in the core: one small value type, a parser and a writer.
//!
//! Why not serde_json: measured in a release wasm build (LTO, `wasm-opt -Oz`), parsing and
//! writing a `serde_json::Value` alone costs 39 KB raw / 18.6 KB gzip (13.2 KB gzip even
//! with `panic=immediate-abort`), most of it error formatting through `core::fmt`, a float
//! writer linked by `arbitrary_precision`, and `BTreeMap`. `json` 0.12, `json-event-parser`
//! 0.2 and `lite-json` 0.2 measured 17–20 KB gzip. A per-provider bundle has a 40 KB budget
//! in all (docs/ARCHITECTURE.md), so the core carries this instead:
//!
//! - numbers keep the exact text they came with (`12.04` stays `12.04`); no float is ever
//!   made from an amount, and amounts are read from the text digit by digit;
//! - objects keep their keys in order (request bodies read like the providers' examples);
//! - nesting is limited to [`MAX_DEPTH`], so no input can exhaust the stack;
//! - every reader answers `None` for the wrong type: no input can make it panic.

use std::fmt;

/// Deeper input is refused (provider answers nest to about 6).
pub const MAX_DEPTH: usize = 64;

#[derive(Clone, PartialEq, Eq, Default)]
pub enum Value {
    #[default]
    Null,
    Bool(bool),
    /// The number's text exactly as written (valid JSON number syntax).
    Number(String),
    String(String),
    Array(Vec<Value>),
    Object(Map),
}

/// An object: keys in insertion order, each at most once.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Map(Vec<(String, Value)>);

static NULL: Value = Value::Null;

impl Map {
    pub fn new() -> Map {
        Map(Vec::new())
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        self.0.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Sets `key`, replacing an earlier value in place.
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<Value>) {
        let key = key.into();
        let value = value.into();
        match self.get_mut(&key) {
            Some(slot) => *slot = value,
            None => self.0.push((key, value)),
        }
    }

    pub fn remove(&mut self, key: &str) -> Option<Value> {
        let i = self.0.iter().position(|(k, _)| k == key)?;
        Some(self.0.remove(i).1)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_str())
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&String, &mut Value)> {
        self.0.iter_mut().map(|(k, v)| (&*k, v))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Value {
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
    pub fn is_object(&self) -> bool {
        matches!(self, Value::Object(_))
    }
    pub fn is_number(&self) -> bool {
        matches!(self, Value::Number(_))
    }
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }
    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }
    pub fn as_object_mut(&mut self) -> Option<&mut Map> {
        match self {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }
    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }
    /// The number's own text.
    pub fn as_number(&self) -> Option<&str> {
        match self {
            Value::Number(n) => Some(n),
            _ => None,
        }
    }
    /// A number written as a plain non-negative integer (`12`, not `12.0` or `1e1`).
    pub fn as_u64(&self) -> Option<u64> {
        let n = self.as_number()?;
        if n.bytes().all(|b| b.is_ascii_digit()) {
            n.parse().ok()
        } else {
            None
        }
    }
    /// A number written as a plain integer, negative allowed.
    pub fn as_i64(&self) -> Option<i64> {
        let n = self.as_number()?;
        let digits = n.strip_prefix('-').unwrap_or(n);
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            n.parse().ok()
        } else {
            None
        }
    }
    /// The value at `key` of an object (`Null` when absent or not an object).
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object()?.get(key)
    }

    /// Decimal text as a JSON number (`12.34`, kept exactly); `None` for anything else.
    pub fn number(text: &str) -> Option<Value> {
        let mut p = Parser { b: text.as_bytes(), i: 0 };
        let v = p.number()?;
        (p.i == text.len()).then_some(v)
    }

    /// JSON text of the value.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    pub fn write(&self, out: &mut String) {
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(true) => out.push_str("true"),
            Value::Bool(false) => out.push_str("false"),
            Value::Number(n) => out.push_str(n),
            Value::String(s) => write_str(out, s),
            Value::Array(items) => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    v.write(out);
                }
                out.push(']');
            }
            Value::Object(map) => {
                out.push('{');
                for (i, (k, v)) in map.0.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_str(out, k);
                    out.push(':');
                    v.write(out);
                }
                out.push('}');
            }
        }
    }
}

impl std::ops::Index<&str> for Value {
    type Output = Value;
    fn index(&self, key: &str) -> &Value {
        self.get(key).unwrap_or(&NULL)
    }
}

impl std::ops::Index<usize> for Value {
    type Output = Value;
    fn index(&self, i: usize) -> &Value {
        self.as_array().and_then(|a| a.get(i)).unwrap_or(&NULL)
    }
}

impl PartialEq<str> for Value {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == Some(other)
    }
}

impl PartialEq<&str> for Value {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == Some(*other)
    }
}

/// The JSON text, for test failures and logs (values are redacted before they leave).
impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_json())
    }
}

impl fmt::Debug for Map {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&Value::Object(self.clone()).to_json())
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::String(s.to_string())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::String(s)
    }
}
impl From<&String> for Value {
    fn from(s: &String) -> Value {
        Value::String(s.clone())
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}
impl From<u64> for Value {
    fn from(n: u64) -> Value {
        Value::Number(itoa::Buffer::new().format(n).to_string())
    }
}
impl From<u32> for Value {
    fn from(n: u32) -> Value {
        Value::from(n as u64)
    }
}
impl From<u16> for Value {
    fn from(n: u16) -> Value {
        Value::from(n as u64)
    }
}
impl From<i64> for Value {
    fn from(n: i64) -> Value {
        Value::Number(itoa::Buffer::new().format(n).to_string())
    }
}
impl From<Map> for Value {
    fn from(m: Map) -> Value {
        Value::Object(m)
    }
}
impl From<Vec<Value>> for Value {
    fn from(a: Vec<Value>) -> Value {
        Value::Array(a)
    }
}
impl From<&Option<String>> for Value {
    fn from(o: &Option<String>) -> Value {
        o.as_ref().map_or(Value::Null, |s| Value::String(s.clone()))
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(o: Option<T>) -> Value {
        o.map_or(Value::Null, Into::into)
    }
}

/// Builds an object: `obj! { "amount" => 1000u64, "description" => text }`. Keys whose value
/// is `None` are left out (the providers' optional fields).
#[macro_export]
macro_rules! obj {
    ($($key:expr => $value:expr),* $(,)?) => {{
        #[allow(unused_mut)]
        let mut map = $crate::json::Map::new();
        $( $crate::json::put(&mut map, $key, $value); )*
        $crate::json::Value::Object(map)
    }};
}

/// JSON from `serde_json::json!` syntax, for tests: `j!({ "a": 1 })`.
#[cfg(test)]
#[macro_export]
macro_rules! j {
    ($($t:tt)+) => {
        $crate::json::parse(&serde_json::json!($($t)+).to_string()).expect("test JSON")
    };
}

/// Sets `key` unless `value` is an absent optional (see [`obj!`]).
pub fn put(map: &mut Map, key: &str, value: impl IntoField) {
    if let Some(v) = value.into_field() {
        map.insert(key, v);
    }
}

/// A value for [`obj!`]: `None` leaves the key out.
pub trait IntoField {
    fn into_field(self) -> Option<Value>;
}

impl<T: Into<Value>> IntoField for T {
    fn into_field(self) -> Option<Value> {
        let v: Value = self.into();
        (!v.is_null()).then_some(v)
    }
}

/// A value [`obj!`] keeps even when it is null (results always carry `refundId`, for one).
pub struct Kept(pub Value);

impl Value {
    pub fn or_null(self) -> Kept {
        Kept(self)
    }
}

impl IntoField for Kept {
    fn into_field(self) -> Option<Value> {
        Some(self.0)
    }
}

/// Objects that cross to JS as JSON.
pub trait ToJson {
    fn to_value(&self) -> Value;
}

impl<T: ToJson> From<&T> for Value {
    fn from(t: &T) -> Value {
        t.to_value()
    }
}

fn write_str(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let escaped = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        if escaped.is_empty() {
            out.push_str("\\u00");
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        } else {
            out.push_str(escaped);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

/// Parses JSON text; `None` when it is not exactly one JSON value (whitespace around it is fine).
pub fn parse(text: &str) -> Option<Value> {
    let mut p = Parser { b: text.as_bytes(), i: 0 };
    let v = p.value(0)?;
    p.ws();
    (p.i == p.b.len()).then_some(v)
}

struct Parser<'a> {
    b: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn eat(&mut self, lit: &[u8]) -> Option<()> {
        if self.b.get(self.i..self.i + lit.len())? == lit {
            self.i += lit.len();
            Some(())
        } else {
            None
        }
    }

    fn value(&mut self, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.ws();
        match self.peek()? {
            b'n' => self.eat(b"null").map(|_| Value::Null),
            b't' => self.eat(b"true").map(|_| Value::Bool(true)),
            b'f' => self.eat(b"false").map(|_| Value::Bool(false)),
            b'"' => self.string().map(Value::String),
            b'[' => {
                self.i += 1;
                let mut items = vec![];
                self.ws();
                if self.peek() == Some(b']') {
                    self.i += 1;
                    return Some(Value::Array(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.ws();
                    match self.peek()? {
                        b',' => self.i += 1,
                        b']' => {
                            self.i += 1;
                            return Some(Value::Array(items));
                        }
                        _ => return None,
                    }
                }
            }
            b'{' => {
                self.i += 1;
                let mut map = Map::new();
                self.ws();
                if self.peek() == Some(b'}') {
                    self.i += 1;
                    return Some(Value::Object(map));
                }
                loop {
                    self.ws();
                    if self.peek()? != b'"' {
                        return None;
                    }
                    let key = self.string()?;
                    self.ws();
                    self.eat(b":")?;
                    let v = self.value(depth + 1)?;
                    map.insert(key, v);
                    self.ws();
                    match self.peek()? {
                        b',' => self.i += 1,
                        b'}' => {
                            self.i += 1;
                            return Some(Value::Object(map));
                        }
                        _ => return None,
                    }
                }
            }
            _ => self.number(),
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, kept as text.
    fn number(&mut self) -> Option<Value> {
        let start = self.i;
        let digits = |p: &mut Parser| {
            let s = p.i;
            while p.peek().is_some_and(|b| b.is_ascii_digit()) {
                p.i += 1;
            }
            p.i > s
        };
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        match self.peek()? {
            b'0' => self.i += 1,
            b'1'..=b'9' => {
                digits(self);
            }
            _ => return None,
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if !digits(self) {
                return None;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if !digits(self) {
                return None;
            }
        }
        let text = std::str::from_utf8(&self.b[start..self.i]).ok()?;
        Some(Value::Number(text.to_string()))
    }

    fn hex4(&mut self) -> Option<u32> {
        let h = std::str::from_utf8(self.b.get(self.i..self.i + 4)?).ok()?;
        self.i += 4;
        u32::from_str_radix(h, 16).ok()
    }

    fn string(&mut self) -> Option<String> {
        self.i += 1; // the opening quote
        let mut out = String::new();
        let mut start = self.i;
        loop {
            match self.peek()? {
                b'"' => {
                    out.push_str(std::str::from_utf8(&self.b[start..self.i]).ok()?);
                    self.i += 1;
                    return Some(out);
                }
                b'\\' => {
                    out.push_str(std::str::from_utf8(&self.b[start..self.i]).ok()?);
                    self.i += 1;
                    let c = self.peek()?;
                    self.i += 1;
                    match c {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                self.eat(b"\\u")?;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return None;
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            out.push(char::from_u32(code)?);
                        }
                        _ => return None,
                    }
                    start = self.i;
                }
                0..=0x1f => return None,
                _ => self.i += 1,
            }
        }
    }
}

/// What the JS binding writes for values JSON cannot carry, so the core can refuse them by
/// name instead of never seeing them (`JSON.stringify` drops `undefined` and functions and
/// turns `NaN` into `null`). Strings starting with NUL never come from a person.
pub const UNDEFINED: &str = "\u{0}undefined";
pub const FUNCTION: &str = "\u{0}function";
pub const SIGNAL: &str = "\u{0}signal";
const BIGINT: &str = "\u{0}bigint:";
const NUMBER: &str = "\u{0}number:";
const SYMBOL: &str = "\u{0}symbol";

/// A JS value written by the binding's replacer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Special<'a> {
    Undefined,
    Function,
    /// An `AbortSignal`.
    Signal,
    /// A `bigint`, with its decimal digits.
    BigInt(&'a str),
    /// `NaN`, `Infinity` or `-Infinity`.
    NonFinite(&'a str),
    Symbol,
}

pub fn special(v: &Value) -> Option<Special<'_>> {
    let s = v.as_str()?;
    if !s.starts_with('\u{0}') {
        return None;
    }
    Some(match s {
        UNDEFINED => Special::Undefined,
        FUNCTION => Special::Function,
        SIGNAL => Special::Signal,
        SYMBOL => Special::Symbol,
        _ => match s.strip_prefix(BIGINT) {
            Some(digits) => Special::BigInt(digits),
            None => Special::NonFinite(s.strip_prefix(NUMBER).unwrap_or("NaN")),
        },
    })
}

/// A string, or a number's own text: ids and codes come as either.
pub fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.clone()),
        _ => None,
    }
}

/// A read-only view of a JSON object for reading a provider's answer: every getter answers
/// `None` (or an empty list) for a missing key or a value of another type, never panics.
#[derive(Debug, Clone, Copy)]
pub struct Obj<'a>(Option<&'a Map>);

impl<'a> Obj<'a> {
    pub fn of(v: &'a Value) -> Obj<'a> {
        Obj(v.as_object())
    }

    pub fn exists(&self) -> bool {
        self.0.is_some()
    }

    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.0?.get(key).filter(|v| !v.is_null())
    }

    pub fn str(&self, key: &str) -> Option<&'a str> {
        self.get(key)?.as_str()
    }

    /// A string, or a number's text; empty strings count as missing.
    pub fn text(&self, key: &str) -> Option<String> {
        self.get(key).and_then(text_of).filter(|s| !s.is_empty())
    }

    pub fn obj(&self, key: &str) -> Obj<'a> {
        Obj(self.get(key).and_then(Value::as_object))
    }

    pub fn arr(&self, key: &str) -> &'a [Value] {
        self.get(key).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn u64(&self, key: &str) -> Option<u64> {
        self.get(key)?.as_u64()
    }

    pub fn i64(&self, key: &str) -> Option<i64> {
        self.get(key)?.as_i64()
    }

    pub fn bool(&self, key: &str) -> Option<bool> {
        self.get(key)?.as_bool()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_with_exact_numbers_and_key_order() {
        let text = r#"{"total":12.04,"big":90071992547409.91,"whole":10.0,"neg":-5,"e":1e+21,"z":0,"list":[true,false,null,"x"],"b":{"a":{}}}"#;
        let v = parse(text).unwrap();
        assert_eq!(v.to_json(), text);
        assert_eq!(v["total"].as_number(), Some("12.04"));
        assert_eq!(v["neg"].as_i64(), Some(-5));
        assert_eq!(v["neg"].as_u64(), None);
        assert_eq!(v["whole"].as_u64(), None, "10.0 is not written as an integer");
        assert_eq!(v["z"].as_u64(), Some(0));
        assert_eq!(v["list"][3], "x");
        assert_eq!(v["missing"]["deeper"][2], Value::Null);
    }

    #[test]
    fn strings_unescape_and_escape() {
        let v = parse(r#"["a\"b\\c\/d\n\t\u00e9\ud83d\ude00", "\u0001"]"#).unwrap();
        assert_eq!(v[0], "a\"b\\c/d\n\té😀");
        assert_eq!(v.to_json(), "[\"a\\\"b\\\\c/d\\n\\té😀\",\"\\u0001\"]");
        assert_eq!(parse(r#""héllo""#).unwrap(), "héllo");
    }

    #[test]
    fn refuses_what_is_not_json() {
        for bad in [
            "", "{", "[1,]", "{\"a\":1,}", "01", "1.", ".5", "-", "1e", "+1", "nul", "\"\\x\"", "\"a\nb\"", "{a:1}",
            "[1] x", "\"\\ud83d\"", "\"\\ud83d\\u0041\"", "NaN",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
        let deep = "[".repeat(MAX_DEPTH + 2) + &"]".repeat(MAX_DEPTH + 2);
        assert_eq!(parse(&deep), None);
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(&ok).is_some());
    }

    #[test]
    fn objects_keep_one_value_per_key() {
        let v = parse(r#"{"a":1,"a":2}"#).unwrap();
        assert_eq!(v.to_json(), r#"{"a":2}"#);
        let o = obj! { "amount" => 1000u64, "operator" => None::<String>, "description" => "d" };
        assert_eq!(o.to_json(), r#"{"amount":1000,"description":"d"}"#);
        assert_eq!(Value::number("1.234").unwrap().to_json(), "1.234");
        assert_eq!(Value::number("1.2.3"), None);
    }

    #[test]
    fn specials_are_recognised() {
        assert_eq!(special(&Value::from(UNDEFINED)), Some(Special::Undefined));
        assert_eq!(special(&Value::from("\u{0}bigint:12")), Some(Special::BigInt("12")));
        assert_eq!(special(&Value::from("\u{0}number:Infinity")), Some(Special::NonFinite("Infinity")));
        assert_eq!(special(&Value::from("undefined")), None);
        assert_eq!(special(&Value::from(1u64)), None);
    }

    #[test]
    fn views_never_panic_on_other_types() {
        let v = parse(r#"{ "a": [1], "s": "x", "n": null, "o": { "k": 5 }, "t": 12.04 }"#).unwrap();
        let o = Obj::of(&v);
        assert_eq!(o.str("a"), None);
        assert_eq!(o.arr("s").len(), 0);
        assert_eq!(o.get("n"), None);
        assert_eq!(o.obj("o").u64("k"), Some(5));
        assert_eq!(o.text("t").as_deref(), Some("12.04"));
        assert!(!Obj::of(&Value::from(3u64)).obj("x").exists());
    }

    proptest::proptest! {
        #[test]
        fn no_input_panics(text in "\\PC{0,64}") {
            let _ = parse(&text);
        }

        #[test]
        fn written_strings_parse_back(s in "\\PC{0,32}") {
            let v = Value::String(s);
            proptest::prop_assert_eq!(parse(&v.to_json()), Some(v));
        }
    }
}
