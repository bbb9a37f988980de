//! PLACEHOLDER until the payroc client lands: every method is a configuration error.

pub mod requests;

use crate::error::RefundError;
use crate::flow::{CallContext, Flow};
use crate::http::{HttpRequest, HttpResponse};
use crate::result::ProviderName;
use crate::send::{AccessToken, AuthKind, AuthMaterial, Authorize, ClientEnvironment, ClientOptions};
use crate::validation::Fields;
use serde_json::Value;

pub struct Payroc {
    options: ClientOptions,
}

impl Payroc {
    pub fn new(options: &Value, env: ClientEnvironment, now_ms: u64) -> Result<Payroc, RefundError> {
        let mut f = Fields::new(options, "", now_ms);
        let options = ClientOptions::read(&mut f, env);
        Ok(Payroc { options: f.finish(Some(options)).map_err(RefundError::validation)? })
    }
}

impl Authorize for Payroc {
    fn auth_kind(&self) -> AuthKind {
        AuthKind::None
    }
    fn authorize(&self, _request: &mut HttpRequest, _material: &AuthMaterial) {}
}

impl super::Provider for Payroc {
    fn name(&self) -> ProviderName {
        ProviderName::Payroc
    }
    fn options(&self) -> &ClientOptions {
        &self.options
    }
    fn secrets(&self) -> Vec<String> {
        vec![]
    }
    fn token_request(&self) -> Option<HttpRequest> {
        None
    }
    fn parse_token(&self, _response: &HttpResponse) -> Result<AccessToken, RefundError> {
        Err(super::unknown("token", "payroc"))
    }
    fn start(&self, method: &str, _args: &[Value], _ctx: &CallContext) -> Result<Box<dyn Flow>, RefundError> {
        Err(super::unknown("method", method))
    }
    fn prepare(&self, kind: &str, _fields: &Value, _ctx: &CallContext) -> Result<HttpRequest, RefundError> {
        Err(super::unknown("builder kind", kind))
    }
}
