//! Saving survives being killed: a child process saves a project while the test kills it with
//! SIGKILL at random moments, 200 times; the file is always the old or the new version, byte
//! for byte. The next save leaves no temporary file behind, the file's permissions are kept,
//! and a project file that is a symbolic link stays one, its target updated.

use crate::common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

/// Set in the child: the project file to save into.
const CHILD: &str = "PRISM_TEST_SAVE_INTO";

/// The child's part (a no-op in a normal test run): saves the "new" project into the file.
#[test]
fn child_saves_the_new_version() {
    let Ok(path) = std::env::var(CHILD) else {
        return;
    };
    prism::model::save_project(&new_project(), Path::new(&path)).unwrap();
}

/// welcome.ron with a long subject, so that writing it takes a moment to interrupt.
fn new_project() -> prism::model::Project {
    let mut p = prism::model::load_project(&common::root().join("projects/welcome.ron")).unwrap();
    p.content.subject = "Neu: ".repeat(40_000);
    p
}

/// The child test's full name in this test binary (its module path without the crate).
fn child_test_name() -> String {
    match module_path!().split_once("::") {
        Some((_, module)) => format!("{module}::child_saves_the_new_version"),
        None => "child_saves_the_new_version".into(),
    }
}

fn save_in_child(path: &Path) -> std::process::Child {
    std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", &child_test_name(), "--test-threads", "1"])
        .env(CHILD, path)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

#[test]
fn a_save_killed_at_any_moment_leaves_the_old_or_the_new_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("welcome.ron");
    let old = std::fs::read(common::root().join("projects/welcome.ron")).unwrap();
    let new = prism::model::to_ron(&new_project()).unwrap().into_bytes();
    // How long a whole save takes here, to kill within it.
    std::fs::write(&path, &old).unwrap();
    let started = std::time::Instant::now();
    assert!(save_in_child(&path).wait().unwrap().success());
    let whole_us = started.elapsed().as_micros() as u64;
    assert_eq!(std::fs::read(&path).unwrap(), new);
    let mut seed = whole_us | 1;
    let (mut olds, mut news) = (0, 0);
    for round in 0..200 {
        std::fs::write(&path, &old).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        let mut child = save_in_child(&path);
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(std::time::Duration::from_micros(seed % (whole_us * 3 / 2)));
        #[expect(
            clippy::let_underscore_must_use,
            reason = "the child may have finished its save already"
        )]
        let _ = child.kill();
        child.wait().unwrap();
        let now = std::fs::read(&path).unwrap();
        match now {
            b if b == old => olds += 1,
            b if b == new => news += 1,
            b => panic!(
                "round {round}: the file is neither version ({} bytes)",
                b.len()
            ),
        }
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640, "round {round}: permissions kept");
    }
    assert!(
        olds > 0 && news > 0,
        "kills landed before and after the rename: {olds} old, {news} new"
    );
    // A temporary file a killed save left is gone after the next save.
    prism::model::save_project(&new_project(), &path).unwrap();
    assert_eq!(temporaries(dir.path()), Vec::<String>::new());
}

#[test]
fn a_symlinked_project_file_stays_a_symlink() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real");
    std::fs::create_dir(&real).unwrap();
    let target = real.join("welcome.ron");
    std::fs::copy(common::root().join("projects/welcome.ron"), &target).unwrap();
    let link = dir.path().join("link.ron");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    prism::model::save_project(&new_project(), &link).unwrap();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        std::fs::read(&target).unwrap(),
        prism::model::to_ron(&new_project()).unwrap().into_bytes()
    );
    assert!(temporaries(dir.path()).is_empty() && temporaries(&real).is_empty());
}
