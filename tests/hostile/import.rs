//! `sitegen import` and what diagnostics print: plan files too big for
//! `build`, text printed twice that is no heading, mixed encodings, and
//! terminal escapes in content.

use crate::common::*;
use std::path::Path;

fn plan_files(dir: &Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir).map_or(Vec::new(), |d| {
        d.flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
            .collect()
    })
}

/// The one plan file `import` wrote into `out`.
fn the_plan(out: &Path) -> String {
    let files = plan_files(out);
    assert_eq!(files.len(), 1, "{files:?}");
    std::fs::read_to_string(&files[0]).unwrap()
}

/// A CSV task table of about 4.4 MB that imports to a plan file of about
/// 8.9 MB (each task's text is its title and its deadline target's text):
/// more than the 8 MiB `build` reads. ASCII task text keeps the debug
/// build's import at seconds rather than minutes.
///
/// Before: a 7.3 MB text plan imported (release, 7.9 s, 87 MiB) to an
/// 8,869,253-byte plan file, exit 0, that `build` then refused. Now the
/// same import is refused (7.0 s, 103 MiB), exit 1, nothing written; this
/// test takes about 12 s and 65 MiB in a debug build.
#[test]
fn a_plan_file_build_would_refuse_is_not_written() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("big.csv");
    let body = "build schools and improve teaching quality ".repeat(100);
    let mut csv = String::from("序号,重点任务,牵头单位,完成时限\n");
    for i in 1..=1011 {
        csv.push_str(&format!(
            "{i},做好第{i}项工作 {body}{i},市教育局,2025年底前\n"
        ));
    }
    std::fs::write(&src, csv).unwrap();
    let out = dir.path().join("out");
    let run = sitegen_within(
        90,
        2000,
        &["import", "big.csv", "--out", out.to_str().unwrap()],
        dir.path(),
    );
    let err = text(&run.output.stderr);
    assert_eq!(run.output.status.code(), Some(1), "{err}");
    assert!(
        err.contains("big.csv: error: the plan file would be ")
            && err.contains("more than the 8388608 byte limit"),
        "names the source, the size and the limit: {err}"
    );
    assert!(err.contains("help: split"), "says what to do: {err}");
    assert!(
        plan_files(&out).is_empty(),
        "nothing written: {:?}",
        plan_files(&out)
    );
}

/// Lines with text that repeats but is no heading printed twice by a PDF:
/// a sentence twice (ending in a comma), a heading's text that goes on
/// into a sentence, and a long paragraph whose halves are equal.
///
/// Before: the sentence twice came out once; the heading's text lost its
/// second copy and the line was cut after it; a paragraph of eight equal
/// sentences kept four; two equal halves of a line cut in two lost one.
#[test]
fn repeated_text_that_is_no_doubled_heading_is_kept_whole() {
    let dir = tempfile::tempdir().unwrap();
    let p = "坚持以人民为中心的发展思想,全面推进教育现代化,加快建设高质量教育体系,";
    let s = "坚持以人民为中心的发展思想,全面推进教育现代化。";
    let a = format!("1.做好甲工作。{}", s.repeat(8));
    let b = "2.做好乙工作。加快建设高质量教育体系,办好人民满意的教育。健全学校家庭社会协同育人机制,促进学生全面发展。深化教育评价改革,扭转不科学的教育评价导向。";
    let src = format!(
        "某市教育提质行动方案\n为推进工作,制定本方案。\n一、重点任务\n{p}{p}\n(一)加强教师队伍建设\n加强教师队伍建设加强教师队伍建设的工作要求是到2025年完成。\n二、保障措施\n{a}{a}\n{b}{b}\n"
    );
    std::fs::write(dir.path().join("dup.txt"), src).unwrap();
    let out = dir.path().join("out");
    let o = sitegen(
        &["import", "dup.txt", "--out", out.to_str().unwrap()],
        dir.path(),
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let yaml = the_plan(&out);
    assert!(
        yaml.contains(&format!("{p}{p}")),
        "the sentence twice:\n{yaml}"
    );
    assert!(
        yaml.contains("加强教师队伍建设加强教师队伍建设的工作要求是到2025年完成。"),
        "{yaml}"
    );
    assert_eq!(
        yaml.matches(s).count(),
        16,
        "both halves of a line:\n{yaml}"
    );
    assert_eq!(
        yaml.matches("深化教育评价改革").count(),
        2,
        "both halves of a line:\n{yaml}"
    );
}

/// A UTF-8 plan of three chapters and thirty tasks, one of whose lines (a
/// task pasted from an old document) is in GBK.
///
/// Before: the whole file was read as windows-1252: every line garbled,
/// one chapter instead of three, 0 of 31 units, 0 of 30 targets, the plan
/// file named `1.yaml`, exit 0 and nothing reported.
#[test]
fn one_gbk_line_in_a_utf8_file_is_repaired_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines: Vec<Vec<u8>> = vec![
        "某市教育提质行动方案".into(),
        "为推进工作,制定本方案。".into(),
    ];
    for (c, chapter) in ["一", "二", "三"].iter().enumerate() {
        lines.push(format!("{chapter}、第{}项重点任务", c + 1).into_bytes());
        for j in 1..=10 {
            let i = c * 10 + j;
            lines.push(
                format!("{j}.做好第{i}项工作。加强学校建设,到2025年完成{i}所。(牵头单位:市教育局)")
                    .into_bytes(),
            );
        }
    }
    // Line 10: task 7.
    let (gbk, _, _) = encoding_rs::GBK.encode(
        "7.做好第7项工作。加强学校建设,到2025年完成7所。(牵头单位:市教育局;配合单位:市财政局)",
    );
    lines[9] = gbk.into_owned();
    std::fs::write(dir.path().join("mixed.txt"), lines.join(&b'\n')).unwrap();
    let out = dir.path().join("out");
    let o = sitegen(
        &[
            "import",
            "mixed.txt",
            "--out",
            out.to_str().unwrap(),
            "--report",
        ],
        dir.path(),
    );
    let (stdout, stderr) = (text(&o.stdout), text(&o.stderr));
    assert!(o.status.success(), "{stderr}");
    assert!(
        stdout.contains(": 30 tasks, 31 units, 30 targets"),
        "{stdout}"
    );
    let yaml = the_plan(&out);
    assert!(yaml.contains("title: 某市教育提质行动方案"), "{yaml}");
    assert!(yaml.contains("title: 做好第7项工作"), "{yaml}");
    assert!(yaml.contains("- 市财政局"), "{yaml}");
    assert_eq!(
        yaml.matches("- number: ").count(),
        33,
        "3 chapters, 30 tasks:\n{yaml}"
    );
    assert!(
        stderr.contains("mixed.txt:10:1: warning: 1 line is not valid UTF-8")
            && stderr.contains("GBK"),
        "{stderr}"
    );
    assert!(
        stdout.contains("mixed.txt:10:1: note: [low confidence] 1 line decoded as GBK"),
        "{stdout}"
    );
}

const ESCAPES: [u8; 2] = [0x1b, 0x07];

fn assert_no_escapes(what: &str, bytes: &[u8]) {
    assert!(
        !bytes.iter().any(|b| ESCAPES.contains(b)),
        "{what} holds a raw ESC or BEL:\n{}",
        text(bytes)
    );
}

/// Before: the slug's ESC and BEL reached the terminal raw, in the message
/// and in the source line under it (setting the terminal's title).
#[test]
fn diagnostics_print_no_terminal_escapes_from_content() {
    let dir = crate::load::site();
    let root = dir.path().join("s");
    let plan = root.join("content/plans/evil.yaml");
    std::fs::write(
        &plan,
        "title: \"x\\e]0;pwned\\ay\"\nslug: \"a\\e]0;pwned\\a\"\nsections: []\n",
    )
    .unwrap();
    let r = root.to_str().unwrap();
    for args in [["build", "--root", r], ["check", "--root", r]] {
        let o = sitegen(&args, &repo());
        assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
        assert_no_escapes("stdout", &o.stdout);
        assert_no_escapes("stderr", &o.stderr);
        let shown = text(&o.stdout) + &text(&o.stderr);
        assert!(
            shown.contains(r"slug `a\u{1b}]0;pwned\u{7}` is not allowed"),
            "shown escaped: {shown}"
        );
        assert!(
            shown.contains("content/plans/evil.yaml:2:"),
            "still located: {shown}"
        );
    }
    // A title that reaches a warning's message, on a successful build.
    std::fs::write(
        &plan,
        "title: \"x\\e]0;pwned\\ay\"\nsections:\n  - title: \"\\e[2J\"\n    tasks: [{number: \"1\", title: \"\\e]0;t\\a\"}]\n",
    )
    .unwrap();
    let o = sitegen(&["check", "--root", r], &repo());
    assert_no_escapes("stdout", &o.stdout);
    assert!(
        text(&o.stdout).contains(r"task `1` (\u{1b}]0;t\u{7}) is empty"),
        "{}",
        text(&o.stdout)
    );
    let o = sitegen(&["build", "--root", r], &repo());
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_no_escapes("stdout", &o.stdout);
    assert_no_escapes("stderr", &o.stderr);
}

/// Before: the title kept ESC and BEL (`"\e]0;pwned\a"` in the YAML) and
/// `--report` printed them raw.
#[test]
fn import_strips_control_characters_from_titles_and_file_names() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("esc.txt"),
        "某市\x1b]0;pwned\x07教育提质行动方案\n为推进工作,制定本方案。\n一、重点\x1b[2J任务\n1.做好甲\u{202E}工作。(牵头单位:市\x1b[31m教育局)\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = sitegen(
        &[
            "import",
            "esc.txt",
            "--out",
            out.to_str().unwrap(),
            "--report",
        ],
        dir.path(),
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_no_escapes("stdout", &o.stdout);
    assert_no_escapes("stderr", &o.stderr);
    let files = plan_files(&out);
    assert_eq!(files.len(), 1);
    let name = files[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.bytes().all(|b| b.is_ascii_graphic()), "{name}");
    let yaml = the_plan(&out);
    assert_no_escapes("the plan file", yaml.as_bytes());
    for escaped in [r"\e", r"\a", "\u{202E}", r"\u202E"] {
        assert!(!yaml.contains(escaped), "{escaped} in:\n{yaml}");
    }
    // Whole escape sequences go, not only their ESC.
    assert!(yaml.contains("title: 某市教育提质行动方案"), "{yaml}");
    assert!(yaml.contains("- 市教育局"), "{yaml}");
    assert!(
        !yaml.contains("pwned") && !name.contains("pwned"),
        "{name}:\n{yaml}"
    );
}
