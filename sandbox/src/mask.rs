//! Card-number masking for everything the sandbox writes (logs, responses).

/// `4539858876047062` → `453985******7062`. Anything that is not 12–19 digits is
/// masked entirely except its last 4 characters.
pub fn mask_pan(pan: &str) -> String {
    let digits = pan.chars().all(|c| c.is_ascii_digit());
    let n = pan.chars().count();
    if digits && (12..=19).contains(&n) {
        format!("{}{}{}", &pan[..6], "*".repeat(n - 10), &pan[n - 4..])
    } else if n > 4 {
        let tail: String = pan.chars().skip(n - 4).collect();
        format!("{}{}", "*".repeat(n - 4), tail)
    } else {
        "*".repeat(n)
    }
}

/// Masks every run of 12–19 digits in free text (request paths and query strings in logs).
pub fn mask_digit_runs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            run.push(c);
            continue;
        }
        flush(&mut out, &mut run);
        out.push(c);
    }
    flush(&mut out, &mut run);
    out
}

fn flush(out: &mut String, run: &mut String) {
    if (12..=19).contains(&run.len()) {
        out.push_str(&mask_pan(run));
    } else {
        out.push_str(run);
    }
    run.clear();
}

/// Luhn check over a digit string.
pub fn luhn_ok(pan: &str) -> bool {
    let mut sum = 0u32;
    for (i, c) in pan.chars().rev().enumerate() {
        let Some(mut d) = c.to_digit(10) else { return false };
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum.is_multiple_of(10)
}

/// Brand guessed from the first digit, in Payroc's spelling.
pub fn brand(pan: &str) -> &'static str {
    match pan.as_bytes().first() {
        Some(b'4') => "Visa Credit",
        Some(b'5') | Some(b'2') => "MasterCard",
        Some(b'3') => "American Express",
        Some(b'6') => "Discover",
        _ => "Unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_first6_last4() {
        assert_eq!(mask_pan("4539858876047062"), "453985******7062");
        assert_eq!(
            mask_digit_runs("/x?card=4539858876047062&n=12"),
            "/x?card=453985******7062&n=12"
        );
        assert!(luhn_ok("4539858876047062"));
        assert!(!luhn_ok("4539858876047063"));
    }
}
