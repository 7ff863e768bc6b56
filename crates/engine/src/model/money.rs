//! Amounts of money (deal values, opportunity values): one rule for what is accepted and
//! one way to write them, so `request show`, the exports and the window print the same
//! digits.
//!
//! An amount is a non-negative number of the workspace's currency with at most two
//! decimals, up to [`MAX_AMOUNT`]. Anything else is refused with the field's name: a value
//! of `1.7e308` once printed `inf` in text, `null` in JSON and a 309-digit cell.

use crate::error::{Error, Result};

/// The largest amount accepted: a hundred billion. No single deal is larger, and every
/// amount up to it (in cents) is exact in a 64-bit float, so sums stay exact too.
pub const MAX_AMOUNT: f64 = 100_000_000_000.0;

/// Checks an amount given for `field`.
pub fn check_amount(field: &str, value: f64) -> Result<()> {
    if !value.is_finite() || value < 0.0 {
        return Err(Error::invalid(field, format!("{value} is not an amount: give a number of 0 or more")));
    }
    if value > MAX_AMOUNT {
        return Err(Error::invalid(
            field,
            format!(
                "{} is more than the largest amount accepted, {}",
                format_amount(value),
                format_amount(MAX_AMOUNT)
            ),
        ));
    }
    let cents = value * 100.0;
    if (cents - cents.round()).abs() > 1e-6 * cents.max(1.0) {
        return Err(Error::invalid(field, format!("{value} has more than two decimals")));
    }
    Ok(())
}

/// Checks an optional amount given for `field`.
pub fn check_optional_amount(field: &str, value: Option<f64>) -> Result<()> {
    value.map_or(Ok(()), |v| check_amount(field, v))
}

/// An amount as every output writes it: whole numbers without decimals (`25000`), others
/// with two (`1250.50`); never an exponent.
pub fn format_amount(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        format!("{value:.2}")
    }
}

/// The currency a workspace shows deal values in when none was chosen.
pub const DEFAULT_CURRENCY: &str = "USD";

/// The ISO 4217 codes of the currencies in use, sorted (funds and precious metals left out).
pub const CURRENCIES: &[&str] = &[
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN", "BHD",
    "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHF", "CLP", "CNY",
    "COP", "CRC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP",
    "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR",
    "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT",
    "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR",
    "MVR", "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK",
    "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD",
    "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY",
    "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS", "VES", "VND", "VUV", "WST", "XAF", "XCD", "XOF",
    "XPF", "YER", "ZAR", "ZMW", "ZWG",
];

/// Checks a currency given for `field` and returns its ISO 4217 code in capitals
/// (`" eur "` → `EUR`); anything but the code of a currency in use is refused.
pub fn check_currency(field: &str, code: &str) -> Result<String> {
    let code = code.trim().to_ascii_uppercase();
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(Error::invalid(
            field,
            format!("{code:?} is not a currency code: give the three letters of ISO 4217, such as USD, EUR or GBP"),
        ));
    }
    if CURRENCIES.binary_search(&code.as_str()).is_err() {
        return Err(Error::invalid(field, format!("{code} is not the ISO 4217 code of a currency in use")));
    }
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_bounded_and_have_at_most_two_decimals() {
        for ok in [0.0, 1.0, 0.01, 1250.5, 1250.55, 99_999.99, MAX_AMOUNT] {
            check_amount("deal value", ok).unwrap_or_else(|e| panic!("{ok}: {e}"));
        }
        for (bad, says) in [
            (f64::INFINITY, "not an amount"),
            (f64::NAN, "not an amount"),
            (-1.0, "not an amount"),
            (1.7e308, "largest amount"),
            (MAX_AMOUNT + 1.0, "largest amount"),
            (10.005, "two decimals"),
        ] {
            let e = check_amount("deal value", bad).unwrap_err().to_string();
            assert!(e.contains("deal value") && e.contains(says), "{bad}: {e}");
        }
    }

    #[test]
    fn amounts_are_written_one_way() {
        assert_eq!(format_amount(25_000.0), "25000");
        assert_eq!(format_amount(1250.5), "1250.50");
        assert_eq!(format_amount(0.1 + 0.2), "0.30");
        assert_eq!(format_amount(MAX_AMOUNT), "100000000000");
    }

    #[test]
    fn a_currency_is_an_iso_4217_code_in_use() {
        assert!(CURRENCIES.windows(2).all(|w| w[0] < w[1]), "sorted, no repeats");
        assert_eq!(check_currency("currency", " eur ").unwrap(), "EUR");
        assert_eq!(check_currency("currency", "USD").unwrap(), "USD");
        for (bad, says) in [
            ("", "not a currency code"),
            ("EURO", "not a currency code"),
            ("E1R", "not a currency code"),
            ("XYZ", "not the ISO 4217 code"),
        ] {
            let e = check_currency("currency", bad).unwrap_err().to_string();
            assert!(e.contains("currency") && e.contains(says), "{bad}: {e}");
        }
    }
}
