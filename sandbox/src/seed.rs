//! The seed: credentials and the payments each provider starts with. The default is
//! `sandbox/seed.json`, embedded at build time; `--seed FILE` replaces it.

use serde::{Deserialize, Serialize};

pub const DEFAULT_SEED: &str = include_str!("../seed.json");

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Seed {
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "_comment")]
    pub comment: Option<String>,
    pub payroc: PayrocSeed,
    pub jpmorgan: JpmSeed,
    pub commercehub: ChSeed,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PayrocSeed {
    pub api_key: String,
    pub processing_terminals: Vec<PayrocTerminalSeed>,
    pub payments: Vec<PayrocPaymentSeed>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PayrocTerminalSeed {
    pub processing_terminal_id: String,
    pub devices: Vec<PayrocDeviceSeed>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PayrocDeviceSeed {
    pub serial_number: String,
    pub model: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PayrocPaymentSeed {
    pub id: String,
    pub purpose: String,
    pub processing_terminal_id: String,
    pub order_id: String,
    pub date_time: String,
    pub description: String,
    pub amount: i64,
    pub currency: String,
    /// `settled` (refunds create a refund) or `openBatch` (refunds reverse the payment).
    pub state: String,
    pub card: PayrocCardSeed,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PayrocCardSeed {
    #[serde(rename = "type")]
    pub brand: String,
    pub entry_method: String,
    pub cardholder_name: String,
    /// Already masked (`453985******7062`); the sandbox stores no full card numbers.
    pub card_number: String,
    pub expiry_date: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JpmSeed {
    pub client_id: String,
    pub client_secret: String,
    pub merchant_id: String,
    pub payments: Vec<JpmPaymentSeed>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JpmPaymentSeed {
    pub id: String,
    pub purpose: String,
    pub amount: i64,
    pub currency: String,
    /// `CLOSED` (captured: refundable) or `AUTHORIZED` (not captured: voidable).
    pub state: String,
    /// `NOW` (captured at once) or `MANUAL`; default NOW for CLOSED, MANUAL for AUTHORIZED.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capture_method: Option<String>,
    pub card: JpmCardSeed,
    /// Empty: one capture of the whole amount whose id is the transaction id.
    #[serde(default)]
    pub captures: Vec<JpmCaptureSeed>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JpmCardSeed {
    pub card_type: String,
    pub card_type_name: String,
    pub masked_account_number: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JpmCaptureSeed {
    pub id: String,
    pub amount: i64,
    pub currency: String,
    pub state: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChSeed {
    pub api_key: String,
    pub api_secret: String,
    pub merchant_id: String,
    pub terminal_id: String,
    pub charges: Vec<ChChargeSeed>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChChargeSeed {
    pub id: String,
    pub purpose: String,
    pub merchant_transaction_id: String,
    pub order_id: String,
    /// Minor units (`1204` USD = `total: 12.04`).
    pub amount: i64,
    pub currency: String,
    /// `CAPTURED` (refundable), `AUTHORIZED` (not captured: refund → 837, cancel voids
    /// it) or `VOIDED` (refund → 837, cancel → 833).
    pub state: String,
    /// "Date and Time beyond which reversal cannot be done": before it a captured sale can
    /// be cancelled, after it it is settled (cancel → 829). Absent: settled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_cut_time_stamp: Option<String>,
    pub card: ChCardSeed,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChCardSeed {
    pub bin: String,
    pub last4: String,
    pub scheme: String,
    pub expiration_month: String,
    pub expiration_year: String,
}

impl Seed {
    pub fn parse(text: &str) -> Result<Seed, String> {
        let seed: Seed = serde_json::from_str(text).map_err(|e| format!("seed: {e}"))?;
        seed.check()?;
        Ok(seed)
    }

    fn check(&self) -> Result<(), String> {
        let currency = |c: &str, id: &str| {
            crate::money::exponent(c)
                .map(|_| ())
                .ok_or_else(|| format!("seed: {id}: bad currency {c}"))
        };
        for p in &self.payroc.payments {
            if p.id.len() != 10 {
                return Err(format!("seed: Payroc paymentId {} must be 10 characters", p.id));
            }
            if p.amount <= 0 || !matches!(p.state.as_str(), "settled" | "openBatch") {
                return Err(format!("seed: Payroc payment {}: amount > 0, state settled|openBatch", p.id));
            }
            currency(&p.currency, &p.id)?;
        }
        for p in &self.jpmorgan.payments {
            currency(&p.currency, &p.id)?;
            let captured: i64 = p.captures.iter().map(|c| c.amount).sum();
            if p.amount <= 0 || captured > p.amount || p.captures.iter().any(|c| c.amount <= 0) {
                return Err(format!("seed: J.P. Morgan payment {}: bad amounts", p.id));
            }
            match (p.state.as_str(), p.captures.is_empty()) {
                ("CLOSED", _) | ("AUTHORIZED", true) => {}
                _ => return Err(format!("seed: J.P. Morgan payment {}: state CLOSED, or AUTHORIZED without captures", p.id)),
            }
            if !matches!(p.capture_method.as_deref(), None | Some("NOW" | "MANUAL" | "DELAYED")) {
                return Err(format!("seed: J.P. Morgan payment {}: captureMethod NOW|MANUAL|DELAYED", p.id));
            }
        }
        for c in &self.commercehub.charges {
            currency(&c.currency, &c.id)?;
            if c.amount <= 0 || c.id.len() > 40 || c.merchant_transaction_id.len() > 128 {
                return Err(format!("seed: Commerce Hub charge {}: bad amount or id", c.id));
            }
            if !matches!(c.state.as_str(), "CAPTURED" | "AUTHORIZED" | "VOIDED") {
                return Err(format!("seed: Commerce Hub charge {}: state CAPTURED|AUTHORIZED|VOIDED", c.id));
            }
            if c.transaction_cut_time_stamp.as_deref().is_some_and(|t| crate::clock::parse_rfc3339(t).is_none()) {
                return Err(format!("seed: Commerce Hub charge {}: transactionCutTimeStamp YYYY-MM-DDThh:mm:ssZ", c.id));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn default_seed_loads() {
        super::Seed::parse(super::DEFAULT_SEED).expect("default seed");
    }
}
