//! Payroc: referenced refunds and reversals, unreferenced refunds, Payroc Cloud device
//! refund instructions, payment and refund lookups and lists. Facts: reference/payroc.md;
//! docs/PAYROC.md.

pub mod auth;
pub mod flows;
pub mod inputs;
pub mod options;
pub mod requests;
pub mod responses;
pub mod status;

use self::flows::{Change, PaymentChange};
use self::inputs::ListOf;
use crate::connector::{unsupported, Connector, Context, Operation};
use crate::error::RefundError;
use crate::flow::{Flow, Outgoing, Single, WaitForFinal, DEFAULT_SCHEDULE_MS};
use crate::http::{HttpRequest, HttpResponse};
use crate::issue::ValidationIssue;
use crate::json::{Obj, ToJson, Value};
use crate::result::{Lookup, ProviderName, RefundKind};
use crate::send::{AccessToken, AuthKind, AuthMaterial, Authorize, ClientEnvironment, ClientOptions, TokenSource};
use secrecy::{ExposeSecret, SecretString};
use std::cell::RefCell;

const PAYROC: ProviderName = ProviderName::Payroc;
/// Instruction keys remembered per client, so that `waitForRefundInstruction(id)` can name
/// the key that submitted the instruction.
const REMEMBERED_INSTRUCTIONS: usize = 64;

pub struct Payroc {
    options: ClientOptions,
    tokens: TokenSource,
    api_key: Option<SecretString>,
    api: String,
    identity: String,
    auth: AuthKind,
    instruction_keys: RefCell<Vec<(String, String)>>,
}

/// Never shows the API key or a token.
impl std::fmt::Debug for Payroc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Payroc")
            .field("api", &self.api)
            .field("identity", &self.identity)
            .field("api_key", &self.api_key.as_ref().map(|_| "[redacted]"))
            .field("auth", &self.auth)
            .finish_non_exhaustive()
    }
}

impl Payroc {
    pub fn new(options: &Value, env: ClientEnvironment, now_ms: u64) -> Result<Payroc, RefundError> {
        options::read(options, env, now_ms)
    }

    fn remember_instruction(&self, id: &str, key: &str) {
        let mut keys = self.instruction_keys.borrow_mut();
        if keys.len() >= REMEMBERED_INSTRUCTIONS {
            keys.remove(0);
        }
        keys.push((id.to_string(), key.to_string()));
    }

    fn instruction_key(&self, id: &str) -> Option<String> {
        self.instruction_keys.borrow().iter().find(|(i, _)| i == id).map(|(_, k)| k.clone())
    }

    /// `waitForRefundInstruction(idOrInstruction)`: the id, or the object
    /// `submitRefundInstruction` answered (which also names the key).
    fn instruction_target(&self, arg: &Value) -> Result<(String, Option<String>), RefundError> {
        if let Some(o) = arg.as_object().map(|_| Obj::of(arg)) {
            let id = inputs::instruction_id(o.get("refundInstructionId").unwrap_or(&Value::Null)).map_err(invalid)?;
            let key = o.text("idempotencyKey").or_else(|| self.instruction_key(&id));
            return Ok((id, key));
        }
        let id = inputs::instruction_id(arg).map_err(invalid)?;
        let key = self.instruction_key(&id);
        Ok((id, key))
    }
}

fn invalid(issues: Vec<ValidationIssue>) -> RefundError {
    RefundError::validation(issues).with_provider(PAYROC)
}

fn arg(args: &[Value], i: usize) -> &Value {
    args.get(i).unwrap_or(&Value::Null)
}

impl Authorize for Payroc {
    fn auth_kind(&self) -> AuthKind {
        self.auth
    }
    fn authorize(&self, request: &mut HttpRequest, material: &AuthMaterial) {
        auth::authorize(request, material)
    }
}

impl Connector for Payroc {
    fn provider(&self) -> ProviderName {
        PAYROC
    }
    fn options(&self) -> &ClientOptions {
        &self.options
    }
    fn token_source(&self) -> &TokenSource {
        &self.tokens
    }
    fn secrets(&self) -> Vec<String> {
        let fixed = self.tokens.fixed.iter().map(|t| t.expose_secret().to_string());
        self.api_key.iter().map(|k| k.expose_secret().to_string()).chain(fixed).collect()
    }
    fn token_request(&self) -> Option<HttpRequest> {
        if !self.tokens.endpoint {
            return None;
        }
        self.api_key.as_ref().map(|key| auth::token_request(&self.identity, key.expose_secret()))
    }
    fn read_token(&self, response: &HttpResponse) -> Result<AccessToken, RefundError> {
        auth::read_token(response)
    }

    fn start(&self, op: Operation, args: &[Value], ctx: &Context) -> Result<Box<dyn Flow>, RefundError> {
        let api = self.api.as_str();
        let key = ctx.idempotency_key.as_str();
        let input = arg(args, 0);
        let now = ctx.now_ms;
        Ok(match op {
            Operation::Refund => PaymentChange::boxed(api, Change::Refund(inputs::refund(input, now).map_err(invalid)?), key),
            Operation::Reverse => PaymentChange::boxed(api, Change::Reverse(inputs::reverse(input, now).map_err(invalid)?), key),
            Operation::ReverseOrRefund => {
                PaymentChange::boxed(api, Change::Either(inputs::reverse_or_refund(input, now).map_err(invalid)?), key)
            }
            Operation::SyncRefund => flows::Sync::boxed(api, crate::sync::read(input, PAYROC).map_err(invalid)?)?,
            Operation::WaitForFinal => {
                let target = crate::sync::read(input, PAYROC).map_err(invalid)?;
                let current = target.result.clone();
                flows::Sync::boxed(api, target.clone())?;
                let api = api.to_string();
                let make = Box::new(move |_now| flows::Sync::boxed(&api, target.clone()));
                WaitForFinal::boxed(make, ctx.schedule.clone().unwrap_or_else(|| DEFAULT_SCHEDULE_MS.to_vec()), current)
            }
            Operation::GetRefund => {
                let id = inputs::refund_id(input).map_err(invalid)?;
                Single::boxed(Outgoing::read(requests::get_refund(api, &id)), |r| responses::retrieved_refund_result(r, None).map(|r| r.to_value()))
            }
            Operation::GetPayment => {
                let id = inputs::payment_id(input).map_err(invalid)?;
                Single::boxed(Outgoing::read(requests::get_payment(api, &id)), responses::get_payment_result)
            }
            Operation::ListPayments | Operation::ListRefunds => {
                let of = if op == Operation::ListPayments { ListOf::Payments } else { ListOf::Refunds };
                let filters = inputs::filters(input, of).map_err(invalid)?;
                let request = match of {
                    ListOf::Payments => requests::list_payments(api, &filters),
                    ListOf::Refunds => requests::list_refunds(api, &filters),
                };
                Single::boxed(Outgoing::read(request), move |r| responses::page_result(r, &filters.given, of == ListOf::Refunds))
            }
            Operation::UnreferencedRefund => {
                let input = inputs::unreferenced(input, now).map_err(invalid)?;
                let request = requests::unreferenced_refund(api, &input, key);
                let lookup = Lookup { kind: RefundKind::Refund, amount: Some(input.amount.into()), sent_at: now, ..Lookup::default() };
                let key = key.to_string();
                Single::boxed_with_lookup(Outgoing::money(request, &key), lookup, move |r| {
                    responses::retrieved_refund_result(r, Some(&key)).map(|r| r.to_value())
                })
            }
            Operation::SubmitRefundInstruction => {
                let input = inputs::instruction(input, now).map_err(invalid)?;
                let request = requests::submit_instruction(api, &input, key);
                let lookup = Lookup { kind: RefundKind::Refund, amount: Some(input.amount.into()), sent_at: now, ..Lookup::default() };
                let key = key.to_string();
                Single::boxed_with_lookup(Outgoing::money(request, &key), lookup, move |r| responses::instruction_result(r, Some(&key)))
            }
            Operation::GetRefundInstruction => {
                let (id, known_key) = self.instruction_target(input)?;
                // The gateway holds this GET while the instruction is inProgress.
                let request = Outgoing::read(requests::get_instruction(api, &id)).with_timeout(flows::LONG_POLL_TIMEOUT_MS);
                Single::boxed(request, move |r| responses::instruction_result(r, known_key.as_deref()))
            }
            Operation::WaitForRefundInstruction => {
                let (id, known_key) = self.instruction_target(input)?;
                flows::WaitForInstruction::boxed(api, id, known_key)
            }
            Operation::CancelRefundInstruction => {
                let (id, _) = self.instruction_target(input)?;
                Single::boxed(Outgoing::read(requests::cancel_instruction(api, &id)), move |r| responses::cancel_result(r, &id))
            }
            Operation::StandaloneRefund | Operation::GetRefundByRequestId | Operation::RefundCharge | Operation::Send | Operation::Token => {
                return Err(unsupported("operation", op.spec().js).with_provider(PAYROC))
            }
        })
    }

    /// The first request a builder sends. Referenced refunds read the payment first (its
    /// currency is checked before anything moves): prepare shows that GET.
    fn prepare(&self, op: Operation, input: &Value, ctx: &Context) -> Result<HttpRequest, RefundError> {
        let api = self.api.as_str();
        let key = ctx.idempotency_key.as_str();
        match op {
            Operation::Refund => Ok(requests::get_payment(api, &inputs::refund(input, ctx.now_ms).map_err(invalid)?.payment_id)),
            Operation::UnreferencedRefund => Ok(requests::unreferenced_refund(api, &inputs::unreferenced(input, ctx.now_ms).map_err(invalid)?, key)),
            Operation::SubmitRefundInstruction => {
                Ok(requests::submit_instruction(api, &inputs::instruction(input, ctx.now_ms).map_err(invalid)?, key))
            }
            _ => Err(unsupported("builder operation", op.spec().js).with_provider(PAYROC)),
        }
    }

    /// A submitted instruction's key is remembered for `waitForRefundInstruction(id)`.
    fn observe(&self, op: Operation, result: &Value) {
        if op == Operation::SubmitRefundInstruction {
            let o = Obj::of(result);
            if let (Some(id), Some(key)) = (o.text("refundInstructionId"), o.text("idempotencyKey")) {
                self.remember_instruction(&id, &key);
            }
        }
    }
}
