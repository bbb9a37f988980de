//! Exact money: an integer amount in minor units and an ISO 4217 currency.
//!
//! No float ever holds an amount. Decimal text is parsed digit by digit and written back
//! from the integer, so "10.001" USD is an error and 1234 KWD is "1.234".

use crate::issue::{IssueCode, ValidationIssue};
use crate::json::{ToJson, Value};

/// The largest integer a JS number holds exactly (Number.MAX_SAFE_INTEGER).
pub const MAX_SAFE_INTEGER: u64 = 9_007_199_254_740_991;

/// An ISO 4217 currency code with its minor-unit exponent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Currency {
    code: [u8; 3],
    exponent: u8,
}

// Active ISO 4217 codes by exponent (SIX list). Two decimals is the common case.
const ZERO_DECIMAL: &[&str] = &[
    "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND",
    "VUV", "XAF", "XOF", "XPF",
];
const THREE_DECIMAL: &[&str] = &["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];
const FOUR_DECIMAL: &[&str] = &["CLF", "UYW"];
const TWO_DECIMAL: &[&str] = &[
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
    "BGN", "BMD", "BND", "BOB", "BOV", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF",
    "CHE", "CHF", "CHW", "CNY", "COP", "COU", "CRC", "CUP", "CVE", "CZK", "DKK", "DOP", "DZD",
    "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GTQ", "GYD",
    "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IRR", "JMD", "KES", "KGS", "KHR", "KPW",
    "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT",
    "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MXV", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK",
    "NPR", "NZD", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "QAR", "RON", "RSD", "RUB", "SAR",
    "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP",
    "SZL", "THB", "TJS", "TMT", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "USD", "USN", "UYU",
    "UZS", "VED", "VES", "WST", "XCD", "XCG", "YER", "ZAR", "ZMW", "ZWG",
];

impl Currency {
    /// Looks up an ISO 4217 code (upper case, exactly three letters).
    pub fn from_code(code: &str) -> Option<Currency> {
        let exponent = [(ZERO_DECIMAL, 0), (TWO_DECIMAL, 2), (THREE_DECIMAL, 3), (FOUR_DECIMAL, 4)]
            .iter()
            .find(|(list, _)| list.contains(&code))
            .map(|&(_, e)| e)?;
        let b = code.as_bytes();
        Some(Currency { code: [b[0], b[1], b[2]], exponent })
    }

    /// Like [`Currency::from_code`], with an issue naming `path` when the code is unknown.
    pub fn parse(code: &str, path: &str) -> Result<Currency, ValidationIssue> {
        Currency::from_code(code).ok_or_else(|| {
            ValidationIssue::new(
                path,
                IssueCode::InvalidCurrency,
                "must be an ISO 4217 currency code such as USD, JPY or KWD",
            )
        })
    }

    pub fn code(&self) -> &str {
        // The bytes came from a &str of ASCII letters, so this cannot fail.
        std::str::from_utf8(&self.code).unwrap_or("XXX")
    }

    /// Digits after the decimal point: 0 (JPY), 2 (USD), 3 (KWD) or 4 (CLF).
    pub fn exponent(&self) -> u8 {
        self.exponent
    }

    /// The symbol people read before an amount, for the currencies whose symbol is not
    /// shared (`$` is USD only); `None` writes the code instead (`KWD 1.234`).
    fn symbol(&self) -> Option<&'static str> {
        Some(match self.code() {
            "USD" => "$",
            "EUR" => "€",
            "GBP" => "£",
            "JPY" => "¥",
            "INR" => "₹",
            "KRW" => "₩",
            _ => return None,
        })
    }
}



/// A positive amount of money in minor units, never above [`MAX_SAFE_INTEGER`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money {
    minor: u64,
    currency: Currency,
}

impl Money {
    /// An amount from minor units; zero and amounts JS cannot hold exactly are refused.
    pub fn from_minor(minor: u64, currency: Currency, path: &str) -> Result<Money, ValidationIssue> {
        if minor == 0 {
            return Err(ValidationIssue::new(path, IssueCode::NotPositive, "must be greater than zero"));
        }
        if minor > MAX_SAFE_INTEGER {
            return Err(too_large(path));
        }
        Ok(Money { minor, currency })
    }

    /// An amount from a JSON number of minor units, read from its text (no float is ever
    /// made): fractions, exponents, negatives, zero and unsafe integers are all refused.
    pub fn from_number_text(text: &str, currency: Currency, path: &str) -> Result<Money, ValidationIssue> {
        if text.starts_with('-') {
            return Err(ValidationIssue::new(path, IssueCode::NotPositive, "must be greater than zero"));
        }
        if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ValidationIssue::new(
                path,
                IssueCode::NotAnInteger,
                "must be a whole number of minor units (use Money.parse for decimal text)",
            ));
        }
        match text.parse::<u64>() {
            Ok(minor) => Money::from_minor(minor, currency, path),
            Err(_) => Err(too_large(path)),
        }
    }

    /// Parses decimal text in major units exactly: "40.00" USD → 4000, "500" JPY → 500.
    /// More fraction digits than the currency has ("10.001" USD) is an error, never a rounding.
    pub fn parse(text: &str, currency: Currency, path: &str) -> Result<Money, ValidationIssue> {
        let minor = parse_decimal(text, currency, path)?;
        Money::from_minor(minor, currency, path)
    }

    pub fn minor(&self) -> u64 {
        self.minor
    }

    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// The amount as decimal text in major units, written from the integer: 1234 KWD → "1.234".
    pub fn to_decimal_string(&self) -> String {
        format_minor(self.minor, self.currency.exponent())
    }

    /// The amount as people read it: `$1,234.50`, `¥5,000`, `KWD 1.234`.
    pub fn display(&self) -> String {
        display_minor(self.minor, self.currency)
    }
}

fn too_large(path: &str) -> ValidationIssue {
    ValidationIssue::new(path, IssueCode::TooLarge, "must not exceed Number.MAX_SAFE_INTEGER minor units")
}

/// The JSON shape of an amount in results: `{ minor, currency, formatted }`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export, export_to = "../pkg-template/types/generated/"))]
pub struct AmountView {
    #[cfg_attr(test, ts(type = "number"))]
    pub minor: u64,
    pub currency: String,
    /// Decimal text in major units (`"12.50"`), never a float.
    pub formatted: String,
}

impl AmountView {
    /// Also for zero (nothing left to refund), which a [`Money`] cannot be.
    pub fn new(minor: u64, currency: Currency) -> AmountView {
        AmountView { minor, currency: currency.code().to_string(), formatted: format_minor(minor, currency.exponent()) }
    }
}

impl ToJson for AmountView {
    fn to_value(&self) -> Value {
        crate::obj! { "minor" => self.minor, "currency" => &self.currency, "formatted" => &self.formatted }
    }
}

impl From<Money> for AmountView {
    fn from(m: Money) -> AmountView {
        AmountView::new(m.minor, m.currency)
    }
}

/// Writes minor units as decimal text with `exponent` fraction digits.
pub fn format_minor(minor: u64, exponent: u8) -> String {
    let mut buf = itoa::Buffer::new();
    let digits = buf.format(minor);
    let e = exponent as usize;
    if e == 0 {
        return digits.to_string();
    }
    let mut out = String::with_capacity(digits.len() + e + 2);
    if digits.len() <= e {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', e - digits.len()));
        out.push_str(digits);
    } else {
        let (int, frac) = digits.split_at(digits.len() - e);
        out.push_str(int);
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// Minor units as people read them: the currency's symbol (or code), thousands grouped.
pub fn display_minor(minor: u64, currency: Currency) -> String {
    let text = format_minor(minor, currency.exponent());
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text.as_str(), None),
    };
    let mut out = String::with_capacity(text.len() + 8);
    match currency.symbol() {
        Some(symbol) => out.push_str(symbol),
        None => {
            out.push_str(currency.code());
            out.push(' ');
        }
    }
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if let Some(frac) = frac {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// Parses non-negative decimal text into minor units with at most the currency's number of
/// fraction digits.
pub fn parse_decimal(text: &str, currency: Currency, path: &str) -> Result<u64, ValidationIssue> {
    let exponent = currency.exponent() as usize;
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(int) || frac.is_some_and(|f| !all_digits(f)) {
        return Err(ValidationIssue::new(
            path,
            IssueCode::InvalidAmount,
            "must be a decimal number such as 10.00, with digits and at most one '.'",
        ));
    }
    let frac = frac.unwrap_or("");
    if frac.len() > exponent {
        let mut detail = String::from("has more decimal places than ");
        detail.push_str(currency.code());
        detail.push_str(match exponent {
            0 => " allows (none); amounts are never rounded",
            1 => " allows (1); amounts are never rounded",
            2 => " allows (2); amounts are never rounded",
            3 => " allows (3); amounts are never rounded",
            _ => " allows (4); amounts are never rounded",
        });
        return Err(ValidationIssue::new(path, IssueCode::TooManyDecimals, &detail));
    }
    let mut minor: u64 = 0;
    for b in int.bytes().chain(frac.bytes()).chain(std::iter::repeat_n(b'0', exponent - frac.len())) {
        minor = minor.checked_mul(10).and_then(|m| m.checked_add((b - b'0') as u64)).ok_or_else(|| too_large(path))?;
    }
    if minor > MAX_SAFE_INTEGER {
        return Err(too_large(path));
    }
    Ok(minor)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cur(code: &str) -> Currency {
        Currency::from_code(code).unwrap()
    }

    #[test]
    fn parses_exact_decimal_text() {
        assert_eq!(Money::parse("40.00", cur("USD"), "amount").unwrap().minor(), 4000);
        assert_eq!(Money::parse("40", cur("USD"), "amount").unwrap().minor(), 4000);
        assert_eq!(Money::parse("0.5", cur("USD"), "amount").unwrap().minor(), 50);
        assert_eq!(Money::parse("500", cur("JPY"), "amount").unwrap().minor(), 500);
        assert_eq!(Money::parse("1.234", cur("KWD"), "amount").unwrap().minor(), 1234);
        assert_eq!(Money::parse("0.0001", cur("CLF"), "amount").unwrap().minor(), 1);
    }

    #[test]
    fn refuses_to_round_extra_decimals() {
        let err = Money::parse("10.001", cur("USD"), "amount").unwrap_err();
        assert_eq!(err.code, IssueCode::TooManyDecimals);
        assert_eq!(err.path, "amount");
        let err = Money::parse("1.5", cur("JPY"), "amount").unwrap_err();
        assert_eq!(err.message, "Amount has more decimal places than JPY allows (none); amounts are never rounded");
        assert!(Money::parse("1.2345", cur("KWD"), "amount").is_err());
    }

    #[test]
    fn refuses_malformed_text() {
        for text in ["", ".", "1.", ".5", "-1", "+1", "1e3", "1,00", " 1", "1.0.0", "١٢", "NaN", "$10"] {
            assert!(Money::parse(text, cur("USD"), "amount").is_err(), "{text:?} was accepted");
        }
    }

    #[test]
    fn refuses_zero_and_unsafe_sizes() {
        assert_eq!(Money::parse("0.00", cur("USD"), "a").unwrap_err().code, IssueCode::NotPositive);
        assert_eq!(Money::parse("90071992547409.92", cur("USD"), "a").unwrap_err().code, IssueCode::TooLarge);
        assert_eq!(Money::parse("99999999999999999999999999", cur("USD"), "a").unwrap_err().code, IssueCode::TooLarge);
        assert_eq!(Money::parse("90071992547409.91", cur("USD"), "a").unwrap().minor(), MAX_SAFE_INTEGER);
    }

    #[test]
    fn formats_from_the_integer() {
        let fmt = |minor, code| Money::from_minor(minor, cur(code), "a").unwrap().to_decimal_string();
        assert_eq!(fmt(1234, "KWD"), "1.234");
        assert_eq!(fmt(500, "JPY"), "500");
        assert_eq!(fmt(1234, "USD"), "12.34");
        assert_eq!(fmt(5, "USD"), "0.05");
        assert_eq!(fmt(1, "CLF"), "0.0001");
        assert_eq!(fmt(4000, "JPY"), "4000");
    }

    #[test]
    fn displays_for_people() {
        assert_eq!(display_minor(123450, cur("USD")), "$1,234.50");
        assert_eq!(display_minor(5000, cur("JPY")), "¥5,000");
        assert_eq!(display_minor(1234, cur("KWD")), "KWD 1.234");
        assert_eq!(display_minor(0, cur("USD")), "$0.00");
        assert_eq!(display_minor(100_000_000, cur("JPY")), "¥100,000,000");
    }

    #[test]
    fn json_number_text_must_be_a_safe_positive_integer() {
        let usd = cur("USD");
        assert_eq!(Money::from_number_text("1234", usd, "amount").unwrap().minor(), 1234);
        for (text, code) in [
            ("10.5", IssueCode::NotAnInteger),
            ("1e3", IssueCode::NotAnInteger),
            ("1.0", IssueCode::NotAnInteger),
            ("-5", IssueCode::NotPositive),
            ("0", IssueCode::NotPositive),
            ("-0", IssueCode::NotPositive),
            ("9007199254740992", IssueCode::TooLarge),
            ("99999999999999999999999", IssueCode::TooLarge),
        ] {
            let err = Money::from_number_text(text, usd, "amount").unwrap_err();
            assert_eq!((err.code, err.path.as_str()), (code, "amount"), "{text}");
        }
    }

    #[test]
    fn currencies_know_their_exponent() {
        assert_eq!(cur("JPY").exponent(), 0);
        assert_eq!(cur("USD").exponent(), 2);
        assert_eq!(cur("KWD").exponent(), 3);
        assert_eq!(cur("CLF").exponent(), 4);
        assert!(Currency::from_code("usd").is_none());
        assert!(Currency::from_code("XYZ").is_none());
        assert_eq!(Currency::parse("US", "amount.currency").unwrap_err().path, "amount.currency");
    }

    proptest::proptest! {
        #[test]
        fn format_then_parse_round_trips(minor in 1u64..=MAX_SAFE_INTEGER, e in 0u8..=4) {
            let code = ["JPY", "", "USD", "KWD", "CLF"][e as usize];
            proptest::prop_assume!(!code.is_empty());
            let m = Money::from_minor(minor, cur(code), "a").unwrap();
            proptest::prop_assert_eq!(Money::parse(&m.to_decimal_string(), cur(code), "a").unwrap(), m);
        }

        #[test]
        fn parse_never_panics(text in "\\PC{0,24}") {
            let _ = Money::parse(&text, cur("USD"), "a");
        }
    }
}
