use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Brand {
    /// Buttons, links and accents, as `#rrggbb`.
    pub primary: String,
    /// Text on the primary colour.
    #[serde(default = "white")]
    pub on_primary: String,
    #[serde(default = "dark_text")]
    pub text: String,
    #[serde(default = "white")]
    pub background: String,
    /// Page around the message in email clients.
    #[serde(default = "canvas")]
    pub canvas: String,
    /// Family name of the shipped font in assets/fonts.
    pub font_family: String,
    /// Logo asset, relative to the project file (PNG for email).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
    pub sender: Sender,
}

fn white() -> String {
    "#ffffff".into()
}
fn dark_text() -> String {
    "#1f2328".into()
}
fn canvas() -> String {
    "#f2f4f7".into()
}

/// Who the message comes from, on every channel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sender {
    pub company: String,
    /// Postal address, one line each.
    pub address: Vec<String>,
    /// Mailbox for From, e.g. `service@example.de`.
    pub email: String,
    /// Display name for From; the company when empty.
    #[serde(default)]
    pub email_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<String>,
    /// Alphanumeric sender ID (≤ 11 characters) or a number.
    pub sms_sender_id: String,
    pub chat_business_name: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelSettings {
    #[serde(default)]
    pub email: EmailSettings,
    #[serde(default)]
    pub sms: SmsSettings,
    #[serde(default)]
    pub chat: ChatSettings,
    #[serde(default)]
    pub print: PrintSettings,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EmailSettings {
    /// Content width on desktop, CSS pixels.
    pub width: u32,
    /// Recipient address (template).
    pub to: String,
    /// Recipient display name (template).
    pub to_name: String,
    /// Read from older project files only: moved to `routing.consent` when loaded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consent: Option<String>,
    pub dark_background: String,
    pub dark_text: String,
}

impl Default for EmailSettings {
    fn default() -> Self {
        EmailSettings {
            width: 600,
            to: "{{ email }}".into(),
            to_name: "{{ first_name }} {{ last_name }}".into(),
            consent: None,
            dark_background: "#1b1f24".into(),
            dark_text: "#e6e8eb".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SmsSettings {
    /// Recipient phone number (template), E.164.
    pub to: String,
    /// Read from older project files only: moved to `routing.consent` when loaded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consent: Option<String>,
    /// Most segments one message may cost before a diagnostic.
    pub segment_budget: u32,
}

impl Default for SmsSettings {
    fn default() -> Self {
        SmsSettings {
            to: "{{ phone }}".into(),
            consent: None,
            segment_budget: 2,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ChatSettings {
    /// Recipient chat id (template).
    pub to: String,
    /// Read from older project files only: moved to `routing.consent` when loaded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consent: Option<String>,
    pub profile: ChatProfile,
    /// Quick-reply buttons (templates), after the link buttons.
    pub quick_replies: Vec<String>,
}

impl Default for ChatSettings {
    fn default() -> Self {
        ChatSettings {
            to: "{{ chat_id }}".into(),
            consent: None,
            profile: ChatProfile::WhatsAppTemplate,
            quick_replies: Vec::new(),
        }
    }
}

/// Limits of a messenger platform's message format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChatProfile {
    /// WhatsApp Business template message.
    WhatsAppTemplate,
    /// A generic messenger without template limits.
    Generic,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PrintSettings {
    pub paper: Paper,
    pub form: PrintForm,
    /// Read from older project files only: moved to `routing.consent` when loaded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consent: Option<String>,
    /// The recipient's postal address, one template per line; empty lines are dropped.
    pub address: Vec<String>,
    /// The information block beside the address field: label and value (template).
    /// The letter's date is always its first line.
    pub info: Vec<InfoLine>,
    /// Body text size in points.
    #[serde(rename = "font_size")]
    pub font_size_pt: f32,
    /// Justified body text (else ragged right).
    pub justify: bool,
    /// Hyphenation after the patterns of the project's language.
    pub hyphenate: bool,
}

impl Default for PrintSettings {
    fn default() -> Self {
        PrintSettings {
            paper: Paper::A4,
            form: PrintForm::B,
            consent: None,
            address: vec![
                "{{ company }}".into(),
                "{{ salutation }} {{ title }} {{ first_name }} {{ last_name }}".into(),
                "{{ street }}".into(),
                "{{ postal_code }} {{ city }}".into(),
                "{% if country and country != \"DE\" %}{{ country | country }}{% endif %}".into(),
            ],
            info: Vec::new(),
            font_size_pt: 11.0,
            justify: false,
            hyphenate: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InfoLine {
    pub label: String,
    pub value: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Paper {
    /// 210 × 297 mm.
    A4,
    /// 8.5 × 11 in.
    Letter,
}

/// DIN 5008 letter form: where the address window sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PrintForm {
    A,
    B,
}
