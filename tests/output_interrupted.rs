//! Builds stopped by a signal or killed outright: no staging folder is left behind (the next
//! build removes a killed one's, and nothing else), and the previous output stays whole.

mod common;

use std::fs;
use std::path::Path;

use common::{names_in, Handbook};

fn small() -> Handbook {
    let handbook = Handbook::new();
    handbook.write("content/a.md", "---\ntitle: A\n---\nSee [b](b.md).\n");
    handbook.write("content/b.md", "---\ntitle: B\n---\nB.\n");
    handbook
}

/// The id of a process that has ended.
fn dead_pid() -> u32 {
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

/// Makes a folder at `path` holding a page, as a build's staging folder would.
fn staging_like(path: &Path) {
    fs::create_dir_all(path.join("guide")).unwrap();
    fs::write(path.join("guide/index.html"), "<p>half a build</p>").unwrap();
}

/// A build killed outright (SIGKILL, a power cut) leaves its staging folder; the next
/// successful build of the same output removes it, and nothing that is not provably one:
/// not the staging folder of a build still running (its process alive, or its folder locked
/// by a running build), not another output's, not a look-alike name, a file or a link.
#[test]
fn the_next_build_removes_staging_folders_of_dead_builds_and_nothing_else() {
    use std::os::unix::io::AsRawFd;
    let handbook = small();
    let root = handbook.root();
    let dead = dead_pid();
    let stale = root.join(format!(".public.northstar-tmp-{dead}"));
    staging_like(&stale);
    let live = root.join(format!(".public.northstar-tmp-{}", std::process::id()));
    let other_dead = dead_pid();
    let locked = root.join(format!(".public.northstar-tmp-{other_dead}"));
    let left_alone = [
        live.clone(),
        locked.clone(),
        root.join(format!(".site.northstar-tmp-{dead}")),
        root.join(format!(".public.northstar-tmp-0{dead}")),
        root.join(format!(".public.northstar-tmp-{dead}x")),
        root.join(format!(".public.northstar-tmp-+{dead}")),
        root.join(".public.northstar-tmp-"),
        root.join(".public.northstar-tmp-0"),
        root.join(".public.northstar-tmp--1"),
        root.join(format!("public.northstar-tmp-{dead}")),
        root.join(".git"),
        root.join(".cache"),
    ];
    for folder in &left_alone {
        staging_like(folder);
    }
    // A build in another process (here: this test) holds the lock on its staging folder.
    let holder = fs::File::open(&locked).unwrap();
    // SAFETY: flock on a descriptor this test owns; the lock goes with the file.
    assert_eq!(unsafe { libc::flock(holder.as_raw_fd(), libc::LOCK_EX) }, 0);
    // A file and a link with a staging folder's name are not folders Northstar made.
    let (dead_file, dead_link) = (dead_pid(), dead_pid());
    let file = root.join(format!(".public.northstar-tmp-{dead_file}"));
    fs::write(&file, "a file").unwrap();
    let target = root.join("linked");
    staging_like(&target);
    let link = root.join(format!(".public.northstar-tmp-{dead_link}"));
    std::os::unix::fs::symlink(&target, &link).unwrap();

    // A build that fails removes nothing; the next successful one removes the stale folder.
    handbook.write("content/b.md", "---\ntitle: B\n---\nSee [gone](gone.md).\n");
    handbook.run(&["build"]).assert_code(1);
    assert!(stale.join("guide/index.html").is_file());
    handbook.write("content/b.md", "---\ntitle: B\n---\nB.\n");
    handbook.run(&["build"]).assert_code(0);
    assert!(
        !stale.exists(),
        "the dead build's staging folder is removed"
    );
    for folder in &left_alone {
        assert_eq!(
            fs::read_to_string(folder.join("guide/index.html")).unwrap(),
            "<p>half a build</p>",
            "{} left alone",
            folder.display()
        );
    }
    assert_eq!(fs::read_to_string(&file).unwrap(), "a file");
    assert!(fs::symlink_metadata(&link).unwrap().is_symlink());
    assert!(target.join("guide/index.html").is_file());
    drop(holder);
    // Once no build holds it, the folder of the dead process goes too.
    handbook.run(&["build"]).assert_code(0);
    assert!(!locked.exists());
    assert!(live.exists(), "a running process's folder stays");
}

/// A handbook of `count` small documents in 30 sections: its build runs long enough to
/// be stopped halfway.
fn large(count: usize) -> Handbook {
    let handbook = Handbook::new();
    for i in 0..count {
        handbook.write(
            &format!("content/s{}/d{i}.md", i % 30),
            &format!("---\ntitle: Document {i}\n---\n# Part {i}\n\nText of document {i}.\n"),
        );
    }
    handbook
}

/// Stops `northstar build` with `signal` once it is writing into its staging folder;
/// `None` when the build finished before it could be stopped.
fn stop_midway(handbook: &Handbook, signal: i32) -> Option<common::Run> {
    use std::os::unix::process::ExitStatusExt;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_northstar"))
        .arg("--root")
        .arg(handbook.root())
        .arg("build")
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let staging = handbook
        .root()
        .join(format!(".public.northstar-tmp-{}", child.id()));
    let started = std::time::Instant::now();
    let writing = loop {
        let has_a_page = fs::read_dir(staging.join("s1")).is_ok_and(|mut d| d.next().is_some());
        if has_a_page {
            break true;
        }
        if child.try_wait().unwrap().is_some() || started.elapsed() > common::LIMIT {
            break false;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    };
    if writing {
        // SAFETY: sends a signal to the child this test started (and has not yet reaped).
        unsafe { libc::kill(child.id() as i32, signal) };
    }
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if !writing || stderr.contains("already") {
        return None;
    }
    Some(common::Run {
        code: output
            .status
            .code()
            .unwrap_or(128 + output.status.signal().unwrap_or(0)),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr,
    })
}

/// SIGTERM or SIGINT (Ctrl-C) during a build: the staging folder is removed, the previous
/// output keeps every byte, and the exit status says the build was stopped (128 + signal).
#[test]
fn a_build_stopped_by_sigterm_or_sigint_leaves_no_staging_folder_and_the_output_whole() {
    let handbook = large(3_000);
    handbook.run(&["build"]).assert_code(0);
    let before = common::snapshot(&handbook.public());
    for (round, signal) in [libc::SIGTERM, libc::SIGINT].into_iter().enumerate() {
        let mut stopped = None;
        for attempt in 0..5 {
            // Every page changes, so every page is staged anew.
            handbook.write(
                "northstar.yaml",
                &format!("title: Handbook {round} {attempt}\n"),
            );
            stopped = stop_midway(&handbook, signal);
            if stopped.is_some() {
                break;
            }
            // The build ended before the signal: it is the previous output now.
            handbook.write("northstar.yaml", "title: Test Handbook\n");
            handbook.run(&["build"]).assert_code(0);
        }
        let run = stopped.expect("the build was never stopped halfway");
        run.assert_code(128 + signal).assert_stderr("stopped by");
        let staging: Vec<String> = names_in(handbook.root())
            .into_iter()
            .filter(|name| name.contains("northstar-tmp"))
            .collect();
        assert!(staging.is_empty(), "left behind: {staging:?}");
        assert!(
            common::snapshot(&handbook.public()) == before,
            "the previous output changed"
        );
    }
}
