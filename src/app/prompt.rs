//! A one-line text input: the `/` prompt and the pickers' narrowing field.

/// What the text typed at the prompt is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    /// Filter the list with a query; results follow every key.
    Query,
    /// Search the open article; hits follow every key.
    Search,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub input: String,
    /// Why the input does not parse, shown in place; the previous results stay.
    pub error: Option<String>,
    /// The text in force when the prompt opened, restored by Esc.
    pub before: String,
}

impl Prompt {
    pub fn new(kind: PromptKind, before: String) -> Prompt {
        Prompt {
            kind,
            input: before.clone(),
            error: None,
            before,
        }
    }
}
