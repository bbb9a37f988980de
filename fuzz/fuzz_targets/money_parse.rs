//! Decimal text → Money, exactly or not at all. Byte 0 picks the currency (0, 2, 3 or 4
//! decimals, or three fuzz bytes as a code); the rest is the text. When a parse succeeds,
//! the amount must be what the text says: formatting it gives the text's canonical form
//! (leading zeros dropped, fraction padded) and parsing that gives the same Money back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use refundkit::money::{format_minor, Currency, Money, MAX_SAFE_INTEGER};

fn canonical(text: &str, exponent: usize) -> String {
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    if exponent == 0 {
        return int.to_string();
    }
    format!("{int}.{frac:0<exponent$}")
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let (currency, text_bytes) = match pick % 5 {
        0 => (Currency::from_code("JPY"), rest),
        1 => (Currency::from_code("USD"), rest),
        2 => (Currency::from_code("KWD"), rest),
        3 => (Currency::from_code("CLF"), rest),
        _ if rest.len() >= 3 => (std::str::from_utf8(&rest[..3]).ok().and_then(Currency::from_code), &rest[3..]),
        _ => (None, rest),
    };
    let Some(currency) = currency else { return };
    let text = String::from_utf8_lossy(text_bytes);

    if let Ok(money) = Money::parse(&text, currency, "amount") {
        assert!(money.minor() >= 1 && money.minor() <= MAX_SAFE_INTEGER, "{text:?} → {}", money.minor());
        let written = money.to_decimal_string();
        assert_eq!(written, canonical(&text, currency.exponent() as usize), "{text:?} {}", currency.code());
        assert_eq!(Money::parse(&written, currency, "amount").ok(), Some(money), "{written:?} did not round-trip");
        assert_eq!(format_minor(money.minor(), currency.exponent()), written);
    }

    // The same text as a JSON number of minor units: a Money only when it is a safe whole number.
    if let Ok(money) = Money::from_number_text(&text, currency, "amount") {
        assert_eq!(Some(money.minor()), text.parse::<u64>().ok(), "{text:?}");
        assert!(money.minor() >= 1 && money.minor() <= MAX_SAFE_INTEGER);
    }
});
