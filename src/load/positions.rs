//! Where the entries of a plan file are: the line and column of each
//! section, task, target and department name, recorded when the file is
//! loaded so that later stages (`link`, `check`) can point at the entry
//! that a finding concerns instead of searching the text for it.
//!
//! `yaml_serde` gives positions only for errors, so the file, already
//! known to be valid, is read a second time as a stream of parser events
//! (`saphyr-parser`) and only the positions are kept.

use saphyr_parser::{Event, Parser, Span};

use crate::diag::Pos;

/// Positions of one plan file's entries, shaped like [`crate::model::Plan`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlanPositions {
    /// The `intro:` key.
    pub intro: Pos,
    /// The first line of the intro's text.
    pub intro_text: Pos,
    /// Plan-level targets.
    pub goals: Vec<Pos>,
    /// Chapters.
    pub sections: Vec<SectionPositions>,
}

/// Positions of a section's entries.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SectionPositions {
    /// The `title:` key.
    pub at: Pos,
    /// The first line of the body's text.
    pub body_text: Pos,
    /// The section's own targets.
    pub targets: Vec<Pos>,
    /// Its own tasks.
    pub tasks: Vec<TaskPositions>,
    /// Its subsections.
    pub sections: Vec<SectionPositions>,
}

/// Positions of a task's entries.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TaskPositions {
    /// The `number:` key (else `title:`, else the start of the task).
    pub at: Pos,
    /// The first line of the body's text.
    pub body_text: Pos,
    /// Each name of `lead:`.
    pub lead: Vec<Pos>,
    /// Each name of `partners:`.
    pub partners: Vec<Pos>,
    /// Each name of `responsible:`.
    pub responsible: Vec<Pos>,
    /// Each target: its `year:` key, else its start.
    pub targets: Vec<Pos>,
}

/// Reads the positions of a plan file's entries. The file has parsed as a
/// plan already; anything the event stream does not show (an alias, a
/// parser disagreement) gets the nearest enclosing position or none.
pub fn plan_positions(text: &str) -> PlanPositions {
    let lines = LineIndex::new(text);
    let Some(root) = Tree::parse(text, &lines) else {
        return PlanPositions::default();
    };
    PlanPositions {
        intro: root.key_pos("intro"),
        intro_text: root.get("intro").map_or(Pos::default(), |n| n.pos),
        goals: root.items("targets").iter().map(target_pos).collect(),
        sections: root.items("sections").iter().map(section).collect(),
    }
}

/// Positions of one entry of `content/departments.yaml`.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct RegisterPositions {
    /// The entry's `name:` key, else its start.
    pub at: Pos,
    /// Its `slug:` value.
    pub slug: Pos,
    /// Each of its `aliases:`.
    pub aliases: Vec<Pos>,
}

/// Positions of the entries of a department register (a YAML list).
pub(crate) fn register_positions(text: &str) -> Vec<RegisterPositions> {
    let lines = LineIndex::new(text);
    let Some(Node {
        kind: Kind::Seq(items),
        ..
    }) = Tree::parse(text, &lines)
    else {
        return Vec::new();
    };
    items
        .iter()
        .map(|n| RegisterPositions {
            at: n.key_pos_or("name", n.pos),
            slug: n.get("slug").map_or(n.pos, |s| s.pos),
            aliases: n.items("aliases").iter().map(|a| a.pos).collect(),
        })
        .collect()
}

fn section(n: &Node) -> SectionPositions {
    SectionPositions {
        at: n.key_pos_or("title", n.pos),
        body_text: n.get("body").map_or(Pos::default(), |b| b.pos),
        targets: n.items("targets").iter().map(target_pos).collect(),
        tasks: n.items("tasks").iter().map(task).collect(),
        sections: n.items("sections").iter().map(section).collect(),
    }
}

fn task(n: &Node) -> TaskPositions {
    let names = |key: &str| n.items(key).iter().map(|i| i.pos).collect();
    TaskPositions {
        at: n.key_pos_or("number", n.key_pos_or("title", n.pos)),
        body_text: n.get("body").map_or(Pos::default(), |b| b.pos),
        lead: names("lead"),
        partners: names("partners"),
        responsible: names("responsible"),
        targets: n.items("targets").iter().map(target_pos).collect(),
    }
}

fn target_pos(n: &Node) -> Pos {
    n.key_pos_or("year", n.pos)
}

/// A YAML node with its position; mappings keep their keys' positions.
struct Node {
    pos: Pos,
    kind: Kind,
}

enum Kind {
    Leaf,
    Seq(Vec<Node>),
    Map(Vec<(String, Pos, Node)>),
}

impl Node {
    fn entry(&self, key: &str) -> Option<&(String, Pos, Node)> {
        match &self.kind {
            Kind::Map(entries) => entries.iter().find(|(k, _, _)| k == key),
            _ => None,
        }
    }

    fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|(_, _, n)| n)
    }

    fn key_pos(&self, key: &str) -> Pos {
        self.entry(key).map_or(Pos::default(), |(_, p, _)| *p)
    }

    fn key_pos_or(&self, key: &str, or: Pos) -> Pos {
        self.entry(key).map_or(or, |(_, p, _)| *p)
    }

    fn items(&self, key: &str) -> &[Node] {
        match self.get(key).map(|n| &n.kind) {
            Some(Kind::Seq(items)) => items,
            _ => &[],
        }
    }
}

enum Frame {
    Seq(Pos, Vec<Node>),
    /// Entries so far and the key waiting for its value.
    Map(Pos, Vec<(String, Pos, Node)>, Option<(String, Pos)>),
}

struct Tree;

impl Tree {
    /// The first document's root node, built without recursion (the nesting
    /// depth is the file's, not the stack's, to bound).
    fn parse(text: &str, lines: &LineIndex) -> Option<Node> {
        let mut stack: Vec<Frame> = Vec::new();
        let mut root = None;
        for ev in Parser::new_from_str(text) {
            let (ev, span): (Event<'_>, Span) = ev.ok()?;
            let pos = lines.pos(span.start.index());
            let done = match ev {
                Event::SequenceStart(..) => {
                    stack.push(Frame::Seq(pos, Vec::new()));
                    None
                }
                Event::MappingStart(..) => {
                    stack.push(Frame::Map(pos, Vec::new(), None));
                    None
                }
                Event::SequenceEnd => match stack.pop()? {
                    Frame::Seq(p, items) => Some((
                        Node {
                            pos: p,
                            kind: Kind::Seq(items),
                        },
                        String::new(),
                    )),
                    Frame::Map(..) => return None,
                },
                Event::MappingEnd => match stack.pop()? {
                    Frame::Map(p, entries, _) => Some((
                        Node {
                            pos: p,
                            kind: Kind::Map(entries),
                        },
                        String::new(),
                    )),
                    Frame::Seq(..) => return None,
                },
                Event::Scalar(value, ..) => Some((
                    Node {
                        pos,
                        kind: Kind::Leaf,
                    },
                    value.into_owned(),
                )),
                Event::Alias(_) => Some((
                    Node {
                        pos,
                        kind: Kind::Leaf,
                    },
                    String::new(),
                )),
                Event::DocumentEnd if root.is_some() => break,
                _ => None,
            };
            let Some((node, scalar)) = done else { continue };
            match stack.last_mut() {
                None => root = Some(node),
                Some(Frame::Seq(_, items)) => items.push(node),
                Some(Frame::Map(_, entries, pending)) => match pending.take() {
                    Some((key, kpos)) => entries.push((key, kpos, node)),
                    None => *pending = Some((scalar, node.pos)),
                },
            }
        }
        root
    }
}

/// Turns the parser's character offsets into lines and columns, counting
/// `\n` only, as editors and the error positions of `load` do.
struct LineIndex {
    /// Character offset of the start of each line.
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.chars()
                .enumerate()
                .filter(|&(_, c)| c == '\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    fn pos(&self, char_index: usize) -> Pos {
        let line = self.starts.partition_point(|&s| s <= char_index);
        let column = char_index - self.starts[line - 1] + 1;
        Pos {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(line: u32, column: u32) -> Pos {
        Pos { line, column }
    }

    #[test]
    fn entries_are_located() {
        let yaml = "title: 计划\nintro: |\n  见下文。\ntargets:\n  - {year: 2025, text: 达到}\nsections:\n  - number: 一\n    title: 总体要求\n    tasks:\n      - number: \"1\"\n        title: 任务\n        lead: [市教育局, 市财政局]\n        partners:\n          - 市人社局\n        targets:\n          - text: 202*年完成\n";
        let pos = plan_positions(yaml);
        assert_eq!(pos.intro, p(2, 1));
        assert_eq!(
            pos.intro_text.line, 3,
            "a block scalar's text starts on the next line"
        );
        assert_eq!(pos.goals, vec![p(5, 6)]);
        let s = &pos.sections[0];
        assert_eq!(s.at, p(8, 5));
        let t = &s.tasks[0];
        assert_eq!(t.at, p(10, 9));
        assert_eq!(t.lead, vec![p(12, 16), p(12, 22)]);
        assert_eq!(t.partners, vec![p(14, 13)]);
        assert_eq!(t.targets, vec![p(16, 13)], "no year: the target's start");
    }

    #[test]
    fn only_newlines_start_lines() {
        let pos = plan_positions("title: \"a\u{2028}b\u{85}c\"\nsections:\n  - title: x\n");
        assert_eq!(pos.sections[0].at, p(3, 5));
    }

    #[test]
    fn unparsable_text_gives_no_positions() {
        assert_eq!(plan_positions("title: [\n"), PlanPositions::default());
    }
}
