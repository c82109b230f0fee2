use serde::{Deserialize, Serialize};

/// How the message looks and who sends it. Colours are `#rrggbb`; a bad one falls back, with a
/// warning.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Brand {
    /// Buttons, links and accents, as `#rrggbb`.
    pub primary: String,
    /// Text on the primary colour.
    #[serde(default = "white")]
    pub on_primary: String,
    /// Body text and headings; dark grey unless set.
    #[serde(default = "dark_text")]
    pub text: String,
    /// The message's own background, inside the email's canvas; white unless set.
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
    /// Who the message comes from.
    pub sender: Sender,
    /// The email's dark-mode colours, when the brand sets them (else the email settings').
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dark: Option<DarkColours>,
}

/// A brand's colours for email clients in dark mode.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DarkColours {
    /// The message's background, `#rrggbb`.
    pub background: String,
    /// Body text, `#rrggbb`.
    pub text: String,
}

/// A project's brand: its own, written out in the project file, or one of the library's,
/// which the file names (`brand: "lumina"`) and linking fills in. Reads as the [`Brand`]
/// either way, so renderers need not know where it came from.
#[derive(Debug, Clone)]
pub struct BrandField {
    /// The library brand's name; `None` for a brand of the project's own.
    pub library: Option<String>,
    /// The brand: the project's own, or the library's once linked (a neutral one until then
    /// or when the library has none of that name).
    pub brand: Brand,
}

impl BrandField {
    /// A brand of the project's own.
    pub fn own(brand: Brand) -> BrandField {
        BrandField {
            library: None,
            brand,
        }
    }
}

/// The same brand field: the same library brand (whatever the library holds now), or the
/// same brand of the project's own.
impl PartialEq for BrandField {
    fn eq(&self, other: &BrandField) -> bool {
        match (&self.library, &other.library) {
            (None, None) => self.brand == other.brand,
            (a, b) => a == b,
        }
    }
}

impl std::ops::Deref for BrandField {
    type Target = Brand;
    fn deref(&self) -> &Brand {
        &self.brand
    }
}

impl std::ops::DerefMut for BrandField {
    fn deref_mut(&mut self) -> &mut Brand {
        &mut self.brand
    }
}

impl Brand {
    /// Grey and nameless: what a project shows while its library brand cannot be found.
    pub fn neutral() -> Brand {
        Brand {
            primary: "#57606a".into(),
            on_primary: white(),
            text: dark_text(),
            background: white(),
            canvas: canvas(),
            font_family: "Open Sans".into(),
            logo: None,
            sender: Sender {
                company: String::new(),
                address: Vec::new(),
                email: String::new(),
                email_name: String::new(),
                reply_to: None,
                sms_sender_id: String::new(),
                chat_business_name: String::new(),
            },
            dark: None,
        }
    }
}

impl Serialize for BrandField {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.library {
            Some(name) => s.serialize_str(name),
            None => self.brand.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for BrandField {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<BrandField, D::Error> {
        struct Either;
        impl<'de> serde::de::Visitor<'de> for Either {
            type Value = BrandField;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a library brand's name or a brand `(primary: …, …)`")
            }
            fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<BrandField, E> {
                Ok(BrandField {
                    library: Some(name.to_owned()),
                    brand: Brand::neutral(),
                })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<BrandField, A::Error> {
                let brand = Brand::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(BrandField::own(brand))
            }
        }
        d.deserialize_any(Either)
    }
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
    /// Company name, e.g. "Lumina Mobil GmbH": first line of the return address, PDF author.
    pub company: String,
    /// Postal address, one line each.
    pub address: Vec<String>,
    /// Mailbox for From, e.g. `service@example.de`.
    pub email: String,
    /// Display name for From; the company when empty.
    #[serde(default)]
    pub email_name: String,
    /// Mailbox for the email's Reply-To, e.g. customer service; replies go to `email` when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<String>,
    /// Alphanumeric sender ID (≤ 11 characters) or a number.
    pub sms_sender_id: String,
    /// The business name the chat payload gives as the sender.
    pub chat_business_name: String,
}

/// Settings of each channel, `channels: (email: (…), sms: (…), …)`; each has defaults.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelSettings {
    /// Recipient templates, content width and dark-mode colours of the email.
    #[serde(default)]
    pub email: EmailSettings,
    /// Recipient template and segment budget of the SMS.
    #[serde(default)]
    pub sms: SmsSettings,
    /// Recipient template, platform profile and quick replies of the chat message.
    #[serde(default)]
    pub chat: ChatSettings,
    /// Paper, form, address and information block of the letter.
    #[serde(default)]
    pub print: PrintSettings,
}

/// How the email is addressed and laid out; every field has a default.
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
    /// The message's background in dark mode, `#rrggbb`.
    pub dark_background: String,
    /// Text colour in dark mode, `#rrggbb`.
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

/// Who gets the SMS and how long it may be; every field has a default.
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

/// Who gets the chat message, and which platform's limits apply; every field has a default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ChatSettings {
    /// Recipient chat id (template).
    pub to: String,
    /// Read from older project files only: moved to `routing.consent` when loaded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consent: Option<String>,
    /// The platform whose limits are checked; a WhatsApp template message unless set.
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

impl ChatProfile {
    /// The profile as the designer names it.
    pub fn title(self) -> &'static str {
        match self {
            ChatProfile::WhatsAppTemplate => "WhatsApp template",
            ChatProfile::Generic => "Generic messenger",
        }
    }
}

/// The DIN 5008 letter: paper, form, recipient address, information block and type; every
/// field has a default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PrintSettings {
    /// Paper size; A4 by default.
    pub paper: Paper,
    /// Where the address window and fold marks sit; form B by default.
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
                // A company, a salutation and a title are for some customers only.
                "{{ company | default(\"\") }}".into(),
                "{{ salutation | default(\"\") }} {{ title | default(\"\") }} {{ first_name }} {{ last_name }}".into(),
                // The street, the locality as the destination country writes it, and the
                // country's name for mail abroad (see `template::postal`).
                "{{ postal(street, postal_code, city, country, region) }}".into(),
            ],
            info: Vec::new(),
            font_size_pt: 11.0,
            justify: false,
            hyphenate: false,
        }
    }
}

/// One line of the letter's information block, e.g.
/// `(label: "Kundennummer", value: "{{ customer_id }}")`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InfoLine {
    /// Printed as written (not a template).
    pub label: String,
    /// Template, kept on one line.
    pub value: String,
}

/// Paper size of the letter.
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
    /// Short letterhead: address window 27 mm from the top, fold marks at 87 and 192 mm.
    A,
    /// Tall letterhead: address window 45 mm from the top, fold marks at 105 and 210 mm.
    B,
}
