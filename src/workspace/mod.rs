//! A project opened for work: the file, its records, compiled templates and images.
//! Shared by the command line and the designer.

pub mod diff;
pub mod library_item;
pub mod messages;
pub mod review;
pub mod translations;

use crate::diag::{Diagnostic, TemplatePos};
use crate::model::ChannelSet;
use crate::model::library::{self, Library};
use crate::model::{self, Channel, DataError, LoadError, Project, Record, Records};
use crate::render::email::{self, Email, ImageMode};
use crate::render::print::{self, Letter, Typesetter};
use crate::render::{Assets, ChannelOutput, chat, sms};
use crate::template::{Engine, ResolveOptions, ResolvedMessage};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Why a project could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// The project file cannot be read or parsed.
    #[error(transparent)]
    Project(#[from] LoadError),
    /// The customer data (the project's own, or the file given instead) cannot be loaded.
    #[error(transparent)]
    Data(#[from] DataError),
}

/// An open project: the file, its records, compiled templates, images and fonts, ready to
/// render any record on any channel.
pub struct Workspace {
    /// The project file; its folder is where relative paths (data, images) start.
    pub path: PathBuf,
    /// The file's text, to point diagnostics at lines of it.
    pub source: String,
    /// The parsed project, or the designer's edited version once [`Workspace::set_project`] ran.
    pub project: Project,
    /// The customer records loaded from the data; empty when opened for streaming (export).
    pub records: Records,
    /// The project's templates and routing policy, compiled.
    pub engine: Engine,
    /// Shared with the designer's print worker.
    pub assets: Arc<Assets>,
    /// Fonts and text shaping for letters; each thread needs its own (see `worker_copy`).
    pub typesetter: Typesetter,
    /// Images decoded for letters, once for this workspace and its worker copies.
    pub print_images: Arc<print::ImageCache>,
    /// The proof mark shaped with this workspace's typesetter.
    pub proof_mark: print::ProofMark,
    /// Each language's hyphenation patterns and letter date.
    pub spoken: crate::render::spoken::Spoken,
    /// The signed review history, from the log beside the project file.
    pub review_log: crate::review::ReviewLog,
    /// The suppression list and earlier exports routing reads (see [`Workspace::set_routing`]).
    pub routing: crate::routing::Inputs,
    /// The brands and snippets beside the project, as read when it was opened (or last
    /// reloaded); the project is linked against it.
    pub library: Arc<Library>,
}

/// A channel's output, marked as failing when the message has an error on what it shows.
fn marked<T>(mut out: ChannelOutput<T>, message_errors: bool) -> ChannelOutput<T> {
    out.message_errors = message_errors;
    out
}

/// Every channel's rendering of one record.
pub struct Rendered {
    /// The record's message, resolved once for every channel, with the diagnostics that
    /// concern no single channel.
    pub message: ResolvedMessage,
    /// The email; `None` when email was not asked for.
    pub email: Option<ChannelOutput<Email>>,
    /// The SMS; `None` when SMS was not asked for.
    pub sms: Option<ChannelOutput<sms::Sms>>,
    /// The chat message; `None` when chat was not asked for.
    pub chat: Option<ChannelOutput<chat::Chat>>,
    /// The DIN 5008 letter; `None` when print was not asked for.
    pub print: Option<ChannelOutput<Letter>>,
}

impl Rendered {
    /// All diagnostics: the message's, then each channel's.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.message
            .diagnostics
            .iter()
            .chain(self.email.iter().flat_map(|o| &o.diagnostics))
            .chain(self.sms.iter().flat_map(|o| &o.diagnostics))
            .chain(self.chat.iter().flat_map(|o| &o.diagnostics))
            .chain(self.print.iter().flat_map(|o| &o.diagnostics))
    }

    /// Marks the diagnostics that concern only channels routing did not choose for this
    /// record (see [`mark_off_route`]).
    fn mark_off_route(&mut self, engine: &crate::template::Engine) {
        let route = &self.message.route;
        mark_off_route(engine, route, &mut self.message.diagnostics);
        for out in [
            self.email.as_mut().map(|o| &mut o.diagnostics),
            self.sms.as_mut().map(|o| &mut o.diagnostics),
            self.chat.as_mut().map(|o| &mut o.diagnostics),
            self.print.as_mut().map(|o| &mut o.diagnostics),
        ]
        .into_iter()
        .flatten()
        {
            mark_off_route(engine, route, out);
        }
    }
}

/// Sets [`Diagnostic::off_route`] on the diagnostics that concern only channels `route`
/// does not use. One that names no place (the data, the policy) concerns the customer
/// whatever the channel.
pub fn mark_off_route(
    engine: &crate::template::Engine,
    route: &crate::routing::Decision,
    diagnostics: &mut [Diagnostic],
) {
    for d in diagnostics {
        let placed = d.channel.is_some() || d.block.is_some() || d.field.is_some();
        d.off_route = placed
            && engine
                .channels_of(d)
                .iter()
                .all(|c| route.reason(c).is_some());
    }
}

impl Workspace {
    /// Opens a project file with its own data, or with `data` instead.
    pub fn open(path: &Path, data: Option<&Path>) -> Result<Workspace, OpenError> {
        let source = model::read_project_text(path)?;
        let project = model::parse_project(&source, path)?;
        let base = path.parent().unwrap_or(Path::new("."));
        let records = model::load_records(&project.data, data, base)?;
        Ok(Workspace::new(path.to_path_buf(), source, project, records))
    }

    /// Opens a project file without reading its records (an export streams them).
    pub fn open_streaming(path: &Path) -> Result<Workspace, OpenError> {
        let source = model::read_project_text(path)?;
        let project = model::parse_project(&source, path)?;
        Ok(Workspace::new(
            path.to_path_buf(),
            source,
            project,
            Vec::new(),
        ))
    }

    /// A workspace of a project already read, with its records; links it against the
    /// library beside it and loads the images it shows.
    pub fn new(path: PathBuf, source: String, mut project: Project, records: Records) -> Workspace {
        let base = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        let library = Arc::new(Library::for_projects_in(&base));
        library::link(&mut project, &library);
        let assets = Assets::load(&base, project.asset_names().iter().map(String::as_str));
        Workspace::with_assets(path, source, project, records, assets, library)
    }

    /// A workspace whose library and images are already loaded (an approved snapshot's, a
    /// worker's copy); the project is linked against `library`.
    pub fn with_assets(
        path: PathBuf,
        source: String,
        mut project: Project,
        records: Records,
        assets: Assets,
        library: Arc<Library>,
    ) -> Workspace {
        library::link(&mut project, &library);
        // A history still in the project file is read as the log's until it moves there.
        let legacy = std::mem::take(&mut project.review.history);
        let review_log = crate::review::ReviewLog::load_or_note(&path, legacy);
        let engine = Engine::new(&project);
        let assets = Arc::new(assets);
        let spoken =
            crate::render::spoken::Spoken::new(&project.languages(), std::time::SystemTime::now());
        Workspace {
            path,
            source,
            project,
            records,
            engine,
            assets,
            typesetter: Typesetter::new(),
            print_images: Arc::default(),
            proof_mark: print::ProofMark::default(),
            spoken,
            review_log,
            routing: crate::routing::Inputs::default(),
            library,
        }
    }

    /// A copy for another thread: its own compiled templates and typesetter (whose layout
    /// state is not shared), the same images, routing context and letter date; no records.
    pub fn worker_copy(&self) -> Workspace {
        let mut w = Workspace::with_assets(
            self.path.clone(),
            String::new(),
            self.project.clone(),
            Vec::new(),
            Assets::default(),
            self.library.clone(),
        );
        w.assets = self.assets.clone();
        w.print_images = self.print_images.clone();
        w.spoken = self.spoken.clone();
        w.engine.router.context = self.engine.router.context.clone();
        w.routing = self.routing.clone();
        w
    }

    /// The folder the project's relative paths start from.
    pub fn base(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    /// The project's `reviewers` file (OpenSSH allowed_signers) beside it; empty when absent.
    pub fn reviewers(&self) -> String {
        std::fs::read_to_string(self.base().join("reviewers")).unwrap_or_default()
    }

    /// The current content hash and where the review stands for it.
    pub fn review(&self) -> (String, crate::review::Status) {
        let hash = crate::review::content_hash(&self.project, &self.assets);
        let status = crate::review::status(
            &self.review_log.entries,
            self.project.meta.required_approvals,
            &hash,
            &self.reviewers(),
        );
        (hash, status)
    }

    /// Swaps in an edited project: recompiles its templates, and reloads images, records and
    /// language data only when the edit touched them. A data source that fails to load keeps
    /// the records there were and returns the error.
    pub fn set_project(&mut self, mut project: Project) -> Result<(), DataError> {
        library::link(&mut project, &self.library);
        let mut result = Ok(());
        if project.data != self.project.data {
            match model::load_records(&project.data, None, self.base()) {
                Ok(records) => self.records = records,
                Err(e) => result = Err(e),
            }
        }
        let names = project.asset_names();
        if names != self.project.asset_names() {
            self.assets = Arc::new(Assets::load(self.base(), names.iter().map(String::as_str)));
        }
        let languages = project.languages();
        if !self.spoken.is_for(&languages) {
            self.spoken =
                crate::render::spoken::Spoken::new(&languages, std::time::SystemTime::now());
        }
        let context = std::mem::take(&mut self.engine.router.context);
        let cap_changed = project.routing.frequency_cap != self.project.routing.frequency_cap;
        self.engine = Engine::new(&project);
        self.project = project;
        self.engine.router.context = context;
        // The earlier exports are counted within the cap's window: a new window counts
        // anew. The files were read a moment ago; if they no longer can be, the counts
        // stay as they were.
        if cap_changed
            && !self.routing.history.is_empty()
            && let Ok(context) = crate::routing::Context::load(&self.project, &self.routing)
        {
            self.engine.router.context = context;
        }
        result
    }

    /// Routes with this suppression list and these earlier exports from now on.
    pub fn set_routing(
        &mut self,
        inputs: crate::routing::Inputs,
    ) -> Result<(), crate::routing::InputError> {
        self.engine.router.context = crate::routing::Context::load(&self.project, &inputs)?;
        self.routing = inputs;
        Ok(())
    }

    /// Reads the library again (after one of its files changed) and relinks the project.
    pub fn reload_library(&mut self) -> Result<(), DataError> {
        self.library = Arc::new(Library::for_projects_in(self.base()));
        let project = self.project.clone();
        let done = self.set_project(project);
        self.reload_assets();
        done
    }

    /// Reloads every image from disk (after the designer changed one).
    pub fn reload_assets(&mut self) {
        let names = self.project.asset_names();
        self.assets = Arc::new(Assets::load(self.base(), names.iter().map(String::as_str)));
    }

    /// The record with this id, if the loaded data has it.
    pub fn record(&self, id: &str) -> Option<&Record> {
        self.records.iter().find(|r| r.id == id)
    }

    /// Resolves once and renders the requested channels.
    pub fn render(&self, record: &Record, channels: ChannelSet, images: ImageMode) -> Rendered {
        let message = self.resolve(record, channels);
        self.render_message(message, channels, images)
    }

    /// The record's message, resolved for `channels`.
    pub fn resolve(&self, record: &Record, channels: ChannelSet) -> ResolvedMessage {
        self.engine.resolve(record, ResolveOptions { channels })
    }

    /// Renders a resolved message on `channels` (a subset of those it was resolved for).
    pub fn render_message(
        &self,
        message: ResolvedMessage,
        channels: ChannelSet,
        images: ImageMode,
    ) -> Rendered {
        let p = &self.project;
        let spoken = self.spoken.get(&message.language);
        let hyphens = spoken.hyphenator.as_deref();
        // One classification for the designer, check and export: an error of the message
        // fails exactly the channels that show what it is about.
        let mut failing = ChannelSet::NONE;
        for d in &message.diagnostics {
            if d.severity == crate::diag::Severity::Error {
                failing = failing.union(self.engine.channels_of(d));
            }
        }
        let mut rendered = Rendered {
            email: channels.contains(Channel::Email).then(|| {
                let out = email::render(p, &self.assets, hyphens, &message, images);
                marked(out, failing.contains(Channel::Email))
            }),
            sms: channels
                .contains(Channel::Sms)
                .then(|| marked(sms::render(p, &message), failing.contains(Channel::Sms))),
            chat: channels.contains(Channel::Chat).then(|| {
                marked(
                    chat::render(p, &self.assets, &message),
                    failing.contains(Channel::Chat),
                )
            }),
            print: channels.contains(Channel::Print).then(|| {
                let out = print::render(
                    p,
                    &self.assets,
                    &self.typesetter,
                    &self.print_images,
                    hyphens,
                    &message,
                    &spoken.letter_date,
                );
                marked(out, failing.contains(Channel::Print))
            }),
            message,
        };
        rendered.mark_off_route(&self.engine);
        rendered
    }

    /// `path:line:col` of a diagnostic inside the project file, or inside the library
    /// snippet file its block comes from, when its template is written there verbatim;
    /// otherwise just the path.
    pub fn locate(&self, d: &Diagnostic) -> String {
        let snippet = d
            .block
            .as_deref()
            .and_then(|id| snippet_of(&self.project.content.blocks, id, None))
            .and_then(|name| self.library.snippets.get(name));
        let (path, source) = match snippet {
            Some(f) => (f.path.as_path(), f.source.as_str()),
            None => (self.path.as_path(), self.source.as_str()),
        };
        let file = path.display();
        let start = match (&d.field, d.code) {
            // A library problem points at the name the project uses: `brand: "NAME"`, or
            // `Snippet("NAME")` (not the block's id, which may be the same word).
            (_, crate::diag::Code::Library) => library_name_used(&self.project, d.block.as_deref())
                .and_then(|name| {
                    let written = match d.block {
                        Some(_) => format!("Snippet(\"{name}\")"),
                        None => format!("\"{name}\""),
                    };
                    let at = source.find(&written)?;
                    Some(at + written.find('"').unwrap_or(0))
                }),
            (Some(f), _) => template_source(&self.project, d.block.as_deref(), f)
                .and_then(|t| find_literal(source, &t)),
            (None, _) => None,
        };
        let found = start.map(|start| {
            let before = &source[..start];
            let line = before.matches('\n').count() + 1;
            let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            match d.pos {
                Some(TemplatePos { line: 1, col: c }) => (line, col + c - 1),
                Some(TemplatePos { line: l, col: c }) => (line + l - 1, c),
                None => (line, col),
            }
        });
        match found {
            Some((line, col)) => format!("{file}:{line}:{col}"),
            None => format!("{file}"),
        }
    }
}

/// The library name a project's block (or, without one, its brand) refers to.
fn library_name_used(project: &Project, block: Option<&str>) -> Option<String> {
    match block {
        None => project.brand.library.clone(),
        Some(id) => project
            .all_blocks()
            .into_iter()
            .find_map(|b| match &b.kind {
                model::BlockKind::Snippet(s) if b.id == id => Some(s.name.clone()),
                _ => None,
            }),
    }
}

/// The name of the library snippet whose file holds block `id`; `None` for the project's
/// own blocks.
fn snippet_of<'a>(
    blocks: &'a [model::Block],
    id: &str,
    inside: Option<&'a str>,
) -> Option<&'a str> {
    use model::BlockKind;
    for b in blocks {
        if b.id == id {
            return inside;
        }
        let found = match &b.kind {
            BlockKind::Group { blocks, .. } => snippet_of(blocks, id, inside),
            BlockKind::Snippet(s) => snippet_of(&s.blocks, id, Some(&s.name)),
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// Byte offset of a template's first character inside a string literal of the RON text.
fn find_literal(source: &str, template: &str) -> Option<usize> {
    if template.is_empty() {
        return None;
    }
    let quoted = format!("\"{template}\"");
    source.find(&quoted).map(|i| i + 1)
}

/// The template text behind a diagnostic's block and field.
fn template_source(project: &Project, block: Option<&str>, field: &str) -> Option<String> {
    let Some(id) = block else {
        return match field {
            "subject" => Some(project.content.subject.clone()),
            "preheader" => Some(project.content.preheader.clone()),
            _ => None,
        };
    };
    let b = project.shown_blocks().into_iter().find(|b| b.id == id)?;
    b.template(&crate::model::BlockField::parse(field)?)
        .cloned()
}
