//! Exact money: minor units for Payroc and J.P. Morgan, Commerce Hub's decimal `total`
//! parsed from the JSON number's own text (no float arithmetic).

/// ISO 4217 exponent; `None` when the code is not three upper-case letters.
pub fn exponent(currency: &str) -> Option<u32> {
    if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    Some(match currency {
        "BIF" | "CLP" | "DJF" | "GNF" | "ISK" | "JPY" | "KMF" | "KRW" | "PYG" | "RWF" | "UGX"
        | "UYI" | "VND" | "VUV" | "XAF" | "XOF" | "XPF" => 0,
        "BHD" | "IQD" | "JOD" | "KWD" | "LYD" | "OMR" | "TND" => 3,
        "CLF" | "UYW" => 4,
        _ => 2,
    })
}

#[derive(Debug, PartialEq, Eq)]
pub enum DecimalError {
    NotANumber,
    TooManyDecimals,
    NotPositive,
    TooLarge,
}

/// Parses a JSON number's text (`12.04`, `4000`, `1.234`, `1.2e1`) into minor units
/// for a currency with `exp` decimals. More precision than the currency has is an
/// error, never a rounding.
pub fn parse_total(text: &str, exp: u32) -> Result<i64, DecimalError> {
    let text = text.trim();
    let (mantissa, exponent_part) = match text.find(['e', 'E']) {
        Some(i) => (&text[..i], Some(&text[i + 1..])),
        None => (text, None),
    };
    if mantissa.starts_with('-') {
        return Err(DecimalError::NotPositive);
    }
    let (int_part, frac_part) = match mantissa.split_once('.') {
        Some((i, f)) => (i, f),
        None => (mantissa, ""),
    };
    if int_part.is_empty()
        || !int_part.bytes().all(|b| b.is_ascii_digit())
        || !frac_part.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(DecimalError::NotANumber);
    }
    let e10: i64 = match exponent_part {
        Some(e) => e.parse().map_err(|_| DecimalError::NotANumber)?,
        None => 0,
    };
    // value = digits * 10^(e10 - frac_len); minor = value * 10^exp.
    let mut digits: String = format!("{int_part}{frac_part}");
    let mut shift = e10 - frac_part.len() as i64 + exp as i64;
    while shift < 0 {
        if digits.ends_with('0') && digits.len() > 1 {
            digits.pop();
            shift += 1;
        } else if digits.bytes().all(|b| b == b'0') {
            shift = 0;
        } else {
            return Err(DecimalError::TooManyDecimals);
        }
    }
    if shift > 20 {
        return Err(DecimalError::TooLarge);
    }
    let mut value: i128 = 0;
    for b in digits.bytes() {
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_add((b - b'0') as i128))
            .ok_or(DecimalError::TooLarge)?;
    }
    for _ in 0..shift {
        value = value.checked_mul(10).ok_or(DecimalError::TooLarge)?;
    }
    if value == 0 {
        return Err(DecimalError::NotPositive);
    }
    i64::try_from(value)
        .ok()
        .filter(|v| *v <= 999_999_999_999_999)
        .ok_or(DecimalError::TooLarge)
}

/// Minor units as the decimal text a provider shows (`1234` USD → `12.34`).
pub fn format_decimal(minor: i64, exp: u32) -> String {
    if exp == 0 {
        return minor.to_string();
    }
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    let div = 10u64.pow(exp);
    format!("{sign}{}.{:0width$}", abs / div, abs % div, width = exp as usize)
}

/// Minor units as Commerce Hub's JSON number `total`. The decimal text is exact; the
/// JSON number is the shortest float that prints back as that text.
pub fn total_json(minor: i64, exp: u32) -> serde_json::Value {
    if exp == 0 {
        return serde_json::Value::from(minor);
    }
    format_decimal(minor, exp)
        .parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
        .map(serde_json::Value::Number)
        .unwrap_or(serde_json::Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_exactly() {
        assert_eq!(parse_total("12.04", 2), Ok(1204));
        assert_eq!(parse_total("40.00", 2), Ok(4000));
        assert_eq!(parse_total("4000", 0), Ok(4000));
        assert_eq!(parse_total("1.234", 3), Ok(1234));
        assert_eq!(parse_total("1.2e1", 2), Ok(1200));
        assert_eq!(parse_total("10.001", 2), Err(DecimalError::TooManyDecimals));
        assert_eq!(parse_total("1.5", 0), Err(DecimalError::TooManyDecimals));
        assert_eq!(parse_total("0", 2), Err(DecimalError::NotPositive));
        assert_eq!(parse_total("-1", 2), Err(DecimalError::NotPositive));
        assert_eq!(format_decimal(1234, 3), "1.234");
        assert_eq!(total_json(1234, 2).to_string(), "12.34");
    }
}
