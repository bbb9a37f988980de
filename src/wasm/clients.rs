//! The three client classes. Each is the same generic driver over its provider; the lists
//! below only name the methods and how many arguments come before the options object.

use super::builders::read_builder;
use super::convert::{now_ms, to_js};
use super::driver::{CallOptions, Driver};
use super::errors::to_js_error;
use crate::flow::CallContext;
use crate::result::ProviderName;
use crate::send::{idempotency, AuthKind, AuthMaterial};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

/// `client.prepare(builder, opts?)`: the exact first request, redacted, without sending it.
fn prepare(driver: &Driver, builder: &JsValue, opts: &JsValue) -> Result<JsValue, JsValue> {
    let run = || {
        let call = CallOptions::read(opts)?;
        let (kind, fields) = read_builder(builder)?;
        let key = call.idempotency_key().map(str::to_string).unwrap_or_else(idempotency::new_key);
        let ctx = CallContext { idempotency_key: key, now_ms: now_ms() };
        let provider = driver.provider();
        let mut request = provider.prepare(&kind, &fields, &ctx)?;
        // Show where the credential goes; its value is redacted anyway.
        let placeholder = match provider.auth_kind() {
            AuthKind::None => AuthMaterial::None,
            AuthKind::Bearer => AuthMaterial::Token("token".into()),
            AuthKind::Signed => AuthMaterial::Signature { timestamp_ms: ctx.now_ms, signature: "signature".into() },
        };
        provider.authorize(&mut request, &placeholder);
        Ok(to_js(&driver.redactor().request(&request)))
    };
    run().map_err(|e| to_js_error(&e))
}

macro_rules! client_class {
    ($ty:ident, $provider:expr, { $( $rust:ident => $js:ident ( $($arg:ident),* ) ),* $(,)? }) => {
        #[wasm_bindgen]
        pub struct $ty {
            driver: Rc<Driver>,
        }

        #[wasm_bindgen]
        impl $ty {
            #[wasm_bindgen(constructor)]
            pub fn new(options: JsValue) -> Result<$ty, JsValue> {
                Driver::new($provider, &options).map(|d| $ty { driver: Rc::new(d) })
            }

            $(
                #[wasm_bindgen(js_name = $js)]
                pub fn $rust(&self, $($arg: JsValue,)* opts: JsValue) -> js_sys::Promise {
                    let driver = self.driver.clone();
                    future_to_promise(async move { driver.call(stringify!($js), vec![$($arg),*], opts).await })
                }
            )*

            /// Sends a builder: `client.send(new XRefund({...}), opts?)`.
            pub fn send(&self, builder: JsValue, opts: JsValue) -> js_sys::Promise {
                let driver = self.driver.clone();
                future_to_promise(async move {
                    let (kind, fields) = read_builder(&builder).map_err(|e| to_js_error(&e))?;
                    let args = vec![JsValue::from_str(&kind), to_js(&fields)];
                    driver.call("send", args, opts).await
                })
            }

            /// The exact request a builder would send first (method, url, headers with
            /// secrets redacted, body), without sending anything.
            pub fn prepare(&self, builder: JsValue, opts: JsValue) -> Result<JsValue, JsValue> {
                prepare(&self.driver, &builder, &opts)
            }
        }
    };
}

client_class!(PayrocClient, ProviderName::Payroc, {
    get_payment => getPayment(payment_id),
    list_payments => listPayments(filters),
    refund => refund(input),
    unreferenced_refund => unreferencedRefund(input),
    get_refund => getRefund(refund_id),
    submit_refund_instruction => submitRefundInstruction(input),
    get_refund_instruction => getRefundInstruction(instruction_id),
    wait_for_refund_instruction => waitForRefundInstruction(instruction_id),
    cancel_refund_instruction => cancelRefundInstruction(instruction_id),
});

client_class!(JpMorganClient, ProviderName::Jpmorgan, {
    refund => refund(input),
    standalone_refund => standaloneRefund(input),
    get_refund => getRefund(transaction_id),
    get_refund_by_request_id => getRefundByRequestId(request_id),
});

client_class!(CommerceHubClient, ProviderName::Commercehub, {
    refund => refund(input),
    refund_charge => refundCharge(transaction_id, input),
});
