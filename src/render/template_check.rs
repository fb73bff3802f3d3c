//! Every template of a theme checked at load, whether or not a page of this
//! site uses it yet: filters, tests, functions and macros must exist,
//! `get_env` is refused (a theme must not publish the build's secrets), and
//! a macro may not call itself unless it descends into its own argument
//! (`{% for sub in s.sections %}{{ self::section(s=sub) }}`): tera has no
//! recursion bound, so any other cycle overflows the stack. Tera's AST has
//! no positions; the line of a finding is found in the template's text.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use tera::ast::{Expr, ExprVal, MacroCall, Node};

use crate::diag::Diagnostic;

/// One template's name, the file it came from and its text.
pub(crate) struct Source {
    pub name: String,
    pub file: PathBuf,
    pub text: String,
}

/// tera's filters without its optional features, plus the two it handles itself.
const FILTERS: &[&str] = &[
    "upper",
    "lower",
    "trim",
    "trim_start",
    "trim_end",
    "trim_start_matches",
    "trim_end_matches",
    "truncate",
    "wordcount",
    "replace",
    "capitalize",
    "title",
    "linebreaksbr",
    "indent",
    "striptags",
    "spaceless",
    "escape",
    "escape_xml",
    "addslashes",
    "split",
    "int",
    "float",
    "first",
    "last",
    "nth",
    "join",
    "sort",
    "unique",
    "slice",
    "group_by",
    "filter",
    "map",
    "concat",
    "abs",
    "pluralize",
    "round",
    "length",
    "reverse",
    "json_encode",
    "as_str",
    "get",
    "safe",
    "default",
];
const TESTS: &[&str] = &[
    "defined",
    "undefined",
    "odd",
    "even",
    "string",
    "number",
    "divisibleby",
    "iterable",
    "object",
    "starting_with",
    "ending_with",
    "containing",
    "matching",
];
const FUNCTIONS: &[&str] = &["range", "throw"];

/// A macro: (template, name).
type MacroId = (String, String);

struct Call {
    from: MacroId,
    to: MacroId,
    /// Descends into one of its own arguments, so it ends with the data.
    structural: bool,
    /// (index of the caller's source, byte offset of the call).
    at: (usize, usize),
}

/// Every problem of the theme's templates, each at its file:line:col.
pub(crate) fn check(tera: &tera::Tera, sources: &[Source]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut calls = Vec::new();
    for (i, src) in sources.iter().enumerate() {
        let Ok(tpl) = tera.get_template(&src.name) else {
            continue;
        };
        let mut w = Walker {
            tera,
            tpl,
            src,
            index: i,
            diags: &mut diags,
            calls: &mut calls,
            current: None,
        };
        w.nodes(&tpl.ast);
    }
    diags.extend(cycles(&calls, sources));
    diags.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    diags.dedup();
    diags
}

/// What the walker knows inside a macro definition.
struct InMacro {
    name: String,
    /// Start of its definition in the text, where its calls are looked for.
    offset: usize,
    params: HashSet<String>,
    /// Names assigned with `set` anywhere in it: never trusted as descending.
    assigned: HashSet<String>,
    /// Loop variables in scope, innermost last, with the parameter they descend from.
    loops: Vec<(String, Option<String>)>,
}

impl InMacro {
    /// The parameter `ident` (a path like `sub.items`) is strictly inside of.
    fn descends_from(&self, ident: &str) -> Option<&str> {
        let root = ident.split(['.', '[']).next()?;
        if self.assigned.contains(root) {
            return None;
        }
        match self.loops.iter().rev().find(|(v, _)| v == root) {
            Some((_, from)) => from.as_deref(),
            None => None,
        }
    }

    /// The parameter a loop over `container` iterates the parts of.
    fn loop_source(&self, container: &Expr) -> Option<String> {
        let ExprVal::Ident(ident) = &container.val else {
            return None;
        };
        if !container.filters.is_empty() || container.negated {
            return None;
        }
        let root = ident.split(['.', '[']).next()?;
        if self.assigned.contains(root) {
            return None;
        }
        match self.loops.iter().rev().find(|(v, _)| v == root) {
            Some((_, from)) => from.clone(),
            None => self.params.contains(root).then(|| root.to_string()),
        }
    }
}

struct Walker<'a> {
    tera: &'a tera::Tera,
    tpl: &'a tera::Template,
    src: &'a Source,
    index: usize,
    diags: &'a mut Vec<Diagnostic>,
    calls: &'a mut Vec<Call>,
    current: Option<InMacro>,
}

impl Walker<'_> {
    fn error(&mut self, at: usize, message: String, help: &str) {
        let (line, col) = crate::config::line_col(&self.src.text, at);
        self.diags.push(
            Diagnostic::error(&self.src.file, message)
                .at(line, col)
                .with_source(&self.src.text)
                .help(help.to_string()),
        );
    }

    /// Where `pattern` (a regex) first matches, from the current macro on.
    fn find(&self, pattern: &str) -> usize {
        let from = self.current.as_ref().map_or(0, |m| m.offset);
        let re = regex::Regex::new(pattern).expect("a valid pattern");
        re.find_at(&self.src.text, from)
            .or_else(|| re.find(&self.src.text))
            .map_or(0, |m| m.start())
    }

    fn nodes(&mut self, nodes: &[Node]) {
        for n in nodes {
            self.node(n);
        }
    }

    fn node(&mut self, node: &Node) {
        match node {
            Node::VariableBlock(_, e) => self.expr(e),
            Node::MacroDefinition(_, def, _) => {
                let offset = self.find(&format!(
                    r"\{{%-?\s*macro\s+{}\s*\(",
                    regex::escape(&def.name)
                ));
                let mut assigned = HashSet::new();
                assigned_names(&def.body, &mut assigned);
                let outer = self.current.replace(InMacro {
                    name: def.name.clone(),
                    offset,
                    params: def.args.keys().cloned().collect(),
                    assigned,
                    loops: Vec::new(),
                });
                for e in def.args.values().flatten() {
                    self.expr(e);
                }
                self.nodes(&def.body);
                self.current = outer;
            }
            Node::Include(_, names, false)
                if !names.iter().any(|n| self.tera.get_template(n).is_ok()) =>
            {
                let at = self.find(r"\{%-?\s*include\s");
                self.error(
                    at,
                    format!("included template `{}` does not exist", names.join("`, `")),
                    "add the template to templates/, or include one that exists",
                );
            }
            Node::Set(_, s) => self.expr(&s.value),
            Node::FilterSection(_, fs, _) => {
                self.filter(&fs.filter);
                self.nodes(&fs.body);
            }
            Node::Block(_, b, _) => self.nodes(&b.body),
            Node::Forloop(_, f, _) => {
                self.expr(&f.container);
                let from = self
                    .current
                    .as_ref()
                    .and_then(|m| m.loop_source(&f.container));
                if let Some(m) = self.current.as_mut() {
                    m.loops.push((f.value.clone(), from.clone()));
                    if let Some(k) = &f.key {
                        m.loops.push((k.clone(), None));
                    }
                }
                self.nodes(&f.body);
                if let Some(m) = self.current.as_mut() {
                    m.loops.pop();
                    if f.key.is_some() {
                        m.loops.pop();
                    }
                }
                if let Some(body) = &f.empty_body {
                    self.nodes(body);
                }
            }
            Node::If(i, _) => {
                for (_, e, body) in &i.conditions {
                    self.expr(e);
                    self.nodes(body);
                }
                if let Some((_, body)) = &i.otherwise {
                    self.nodes(body);
                }
            }
            _ => {}
        }
    }

    fn filter(&mut self, f: &tera::ast::FunctionCall) {
        if !FILTERS.contains(&f.name.as_str()) {
            let at = self.find(&format!(r"\|\s*{}\b", regex::escape(&f.name)));
            self.error(
                at,
                format!("filter `{}` does not exist", f.name),
                "see the filters tera provides: https://keats.github.io/tera/docs/#built-in-filters",
            );
        }
        for e in f.args.values() {
            self.expr(e);
        }
    }

    fn expr(&mut self, e: &Expr) {
        for f in &e.filters {
            self.filter(f);
        }
        self.val(&e.val);
    }

    fn val(&mut self, v: &ExprVal) {
        match v {
            ExprVal::Math(m) => {
                self.expr(&m.lhs);
                self.expr(&m.rhs);
            }
            ExprVal::Logic(l) => {
                self.expr(&l.lhs);
                self.expr(&l.rhs);
            }
            ExprVal::In(i) => {
                self.expr(&i.lhs);
                self.expr(&i.rhs);
            }
            ExprVal::Test(t) => {
                if !TESTS.contains(&t.name.as_str()) {
                    let at = self.find(&format!(r"\bis\s+(not\s+)?{}\b", regex::escape(&t.name)));
                    self.error(
                        at,
                        format!("test `{}` does not exist", t.name),
                        "see the tests tera provides: https://keats.github.io/tera/docs/#built-in-tests",
                    );
                }
                for e in &t.args {
                    self.expr(e);
                }
            }
            ExprVal::FunctionCall(f) => {
                let at = || format!(r"\b{}\s*\(", regex::escape(&f.name));
                if f.name == "get_env" {
                    let at = self.find(&at());
                    self.error(
                        at,
                        "templates may not call `get_env`: it would publish the build machine's environment (CI secrets included)".into(),
                        "pass the value through sitegen.toml or the content instead",
                    );
                } else if !FUNCTIONS.contains(&f.name.as_str()) {
                    let at = self.find(&at());
                    self.error(
                        at,
                        format!("function `{}` does not exist", f.name),
                        "the functions available to templates are range() and throw()",
                    );
                }
                for e in f.args.values() {
                    self.expr(e);
                }
            }
            ExprVal::MacroCall(c) => self.macro_call(c),
            ExprVal::Array(items) => {
                for e in items {
                    self.expr(e);
                }
            }
            ExprVal::StringConcat(s) => {
                for v in &s.values {
                    self.val(v);
                }
            }
            _ => {}
        }
    }

    fn macro_call(&mut self, c: &MacroCall) {
        for e in c.args.values() {
            self.expr(e);
        }
        let at = self.find(&format!(
            r"\b{}\s*::\s*{}\s*\(",
            regex::escape(&c.namespace),
            regex::escape(&c.name)
        ));
        let file = if c.namespace == "self" {
            Some(self.tpl.name.clone())
        } else {
            self.tpl
                .imported_macro_files
                .iter()
                .find(|(_, ns)| *ns == c.namespace)
                .map(|(f, _)| f.clone())
        };
        let Some(file) = file else {
            self.error(
                at,
                format!("macro namespace `{}` is not imported", c.namespace),
                "add {% import \"macros.html\" as NAME %} at the top of this template",
            );
            return;
        };
        let exists = self
            .tera
            .get_template(&file)
            .is_ok_and(|t| t.macros.contains_key(&c.name));
        if !exists {
            self.error(
                at,
                format!("macro `{}` is not defined in `{file}`", c.name),
                "define it there with {% macro NAME(...) %}, or call one that exists",
            );
            return;
        }
        let Some(m) = &self.current else { return };
        let to = (file, c.name.clone());
        let from = (self.tpl.name.clone(), m.name.clone());
        let structural = from == to
            && c.args.iter().any(|(param, e)| match &e.val {
                ExprVal::Ident(ident) if e.filters.is_empty() && !e.negated => {
                    m.descends_from(ident) == Some(param.as_str())
                }
                _ => false,
            });
        self.calls.push(Call {
            from,
            to,
            structural,
            at: (self.index, at),
        });
    }
}

fn assigned_names(nodes: &[Node], into: &mut HashSet<String>) {
    for n in nodes {
        match n {
            Node::Set(_, s) => {
                into.insert(s.key.clone());
            }
            Node::FilterSection(_, fs, _) => assigned_names(&fs.body, into),
            Node::Block(_, b, _) => assigned_names(&b.body, into),
            Node::Forloop(_, f, _) => {
                assigned_names(&f.body, into);
                if let Some(b) = &f.empty_body {
                    assigned_names(b, into);
                }
            }
            Node::If(i, _) => {
                for (_, _, body) in &i.conditions {
                    assigned_names(body, into);
                }
                if let Some((_, body)) = &i.otherwise {
                    assigned_names(body, into);
                }
            }
            _ => {}
        }
    }
}

/// A refusal for each cycle of macro calls, at the call that closes it.
fn cycles(calls: &[Call], sources: &[Source]) -> Vec<Diagnostic> {
    let mut edges: HashMap<&MacroId, Vec<&Call>> = HashMap::new();
    for c in calls.iter().filter(|c| !c.structural) {
        edges.entry(&c.from).or_default().push(c);
    }
    let mut starts: Vec<&MacroId> = edges.keys().copied().collect();
    starts.sort();
    // 0 unseen, 1 on the current path, 2 done; iterative, as a theme may be large.
    let mut state: HashMap<&MacroId, u8> = HashMap::new();
    let mut diags = Vec::new();
    for start in starts {
        if state.get(start).copied().unwrap_or(0) != 0 {
            continue;
        }
        let mut path: Vec<(&MacroId, usize)> = vec![(start, 0)];
        state.insert(start, 1);
        while let Some((node, next)) = path.last_mut() {
            let out = edges.get(*node).map_or(&[][..], Vec::as_slice);
            let Some(call) = out.get(*next) else {
                state.insert(*node, 2);
                path.pop();
                continue;
            };
            *next += 1;
            match state.get(&call.to).copied().unwrap_or(0) {
                0 => {
                    state.insert(&call.to, 1);
                    path.push((&call.to, 0));
                }
                1 => {
                    let from = path.iter().position(|(n, _)| **n == call.to).unwrap_or(0);
                    let names: Vec<String> = path[from..]
                        .iter()
                        .map(|(n, _)| n.1.clone())
                        .chain(std::iter::once(call.to.1.clone()))
                        .collect();
                    let src = &sources[call.at.0];
                    let (line, col) = crate::config::line_col(&src.text, call.at.1);
                    diags.push(
                        Diagnostic::error(
                            &src.file,
                            format!(
                                "macro `{}` calls itself ({}): tera would recurse until the stack overflows",
                                call.to.1,
                                names.join(" → ")
                            ),
                        )
                        .at(line, col)
                        .with_source(&src.text)
                        .help("a macro may call itself only on a part of its own argument, inside a loop over it: {% for sub in s.sections %}{{ self::m(s=sub) }}{% endfor %}"),
                    );
                }
                _ => {}
            }
        }
    }
    diags
}
