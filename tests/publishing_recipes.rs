//! The publishing recipes of the manual (docs/content/guide/publishing.md) and the
//! repository's Dockerfile, tested as far as they can be without the hosts: the nginx
//! configuration passes `nginx -t`, each gated site has its own root and its own sign-in
//! proxy, the S3 policy and the oauth2-proxy files say what the text says, every `northstar`
//! command of the guide is one the CLI accepts, and the Dockerfile builds the binary the
//! crate makes from files the build context holds.

use std::path::{Path, PathBuf};
use std::process::Command;

use clap::Parser;
use northstar::cli::Cli;

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &str) -> String {
    std::fs::read_to_string(repository().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The fenced blocks of the publishing guide in `language`, each with the `###` heading it
/// sits under.
fn blocks(language: &str) -> Vec<(String, String)> {
    let guide = read("docs/content/guide/publishing.md");
    let mut found = Vec::new();
    let mut heading = String::new();
    let mut open: Option<(String, String)> = None;
    for line in guide.lines() {
        if let Some((lang, text)) = open.as_mut() {
            if line.trim_start() == "```" {
                if lang == language {
                    found.push((heading.clone(), std::mem::take(text)));
                }
                open = None;
            } else {
                text.push_str(line);
                text.push('\n');
            }
        } else if let Some(lang) = line.trim_start().strip_prefix("```") {
            open = Some((lang.trim().to_string(), String::new()));
        } else if let Some(title) = line.strip_prefix("### ") {
            heading = title.to_string();
        }
    }
    found
}

fn block_under(language: &str, heading: &str) -> String {
    blocks(language)
        .into_iter()
        .filter(|(h, _)| h == heading)
        .map(|(_, text)| text)
        .next()
        .unwrap_or_else(|| panic!("no {language} block under `### {heading}`"))
}

/// The `server { … }` blocks of an nginx file, each as its text.
fn servers(config: &str) -> Vec<String> {
    config
        .split("\nserver {")
        .map(|part| part.trim_start_matches("server {").to_string())
        .filter(|part| !part.trim().is_empty())
        .collect()
}

/// The values of the directive `name` in `server`, in order.
fn directive<'a>(server: &'a str, name: &str) -> Vec<&'a str> {
    server
        .lines()
        .map(str::trim)
        .filter_map(|line| line.strip_prefix(name)?.strip_prefix(' '))
        .map(|value| value.trim_end_matches(';').trim())
        .collect()
}

#[test]
fn each_gated_nginx_site_has_its_own_root_and_its_own_sign_in_proxy() {
    let gated = servers(&block_under("nginx", "nginx and oauth2-proxy"));
    assert!(gated.len() >= 2, "a server per audience");
    let mut roots = Vec::new();
    let mut proxies = Vec::new();
    for server in &gated {
        let root = directive(server, "root");
        assert_eq!(root.len(), 1, "{server}");
        let level = root[0]
            .strip_prefix("/srv/handbook/sites/")
            .unwrap_or_else(|| panic!("a site that CI builds: {}", root[0]));
        roots.push(level.to_string());
        let mut ports: Vec<&str> = directive(server, "proxy_pass");
        ports.dedup();
        assert_eq!(ports.len(), 1, "one proxy per server: {ports:?}");
        proxies.push(ports[0].to_string());
        assert_eq!(
            directive(server, "auth_request"),
            ["/oauth2/auth"],
            "files are served only after the proxy said yes"
        );
        // Every file location sits inside the one that asks the proxy.
        let gate = server.find("location / {").expect("location /");
        assert!(
            server.find("auth_request").unwrap() > gate,
            "auth_request in location /"
        );
    }
    roots.sort();
    roots.dedup();
    proxies.sort();
    proxies.dedup();
    assert_eq!(roots.len(), gated.len(), "a root per site: {roots:?}");
    assert_eq!(proxies.len(), gated.len(), "a proxy per site: {proxies:?}");

    // The oauth2-proxy file listens where the first site's proxy_pass points.
    let proxy = block_under("toml", "nginx and oauth2-proxy");
    let setting = |name: &str| -> String {
        proxy
            .lines()
            .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
            .map(|line| {
                line.split_once(" = ")
                    .unwrap_or_else(|| panic!("`key = value`: {line}"))
            })
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.trim_matches('"').to_string())
            .unwrap_or_else(|| panic!("no {name} in {proxy}"))
    };
    assert_eq!(format!("http://{}", setting("http_address")), proxies[0]);
    assert_eq!(
        setting("upstreams"),
        "[\"static://202\"]",
        "a gate, not a proxy of the files"
    );
    assert_eq!(setting("reverse_proxy"), "true");
    setting("allowed_groups");
}

#[test]
fn the_nginx_recipes_pass_nginx_t() {
    let Some(nginx) = tool("nginx", "/usr/sbin/nginx") else {
        return;
    };
    let Some(openssl) = tool("openssl", "/usr/bin/openssl") else {
        return;
    };
    let temp = tempfile::tempdir().unwrap();
    let prefix = temp.path();
    std::fs::create_dir_all(prefix.join("logs")).unwrap();
    let made = Command::new(openssl)
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        ])
        .args(["-subj", "/CN=handbook.example.com"])
        .arg("-keyout")
        .arg(prefix.join("privkey.pem"))
        .arg("-out")
        .arg(prefix.join("fullchain.pem"))
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let recipes: String = blocks("nginx").into_iter().map(|(_, text)| text).collect();
    assert!(
        recipes.contains("/etc/ssl/handbook/"),
        "the certificates' folder"
    );
    let recipes = recipes.replace("/etc/ssl/handbook/", &format!("{}/", prefix.display()));
    std::fs::write(prefix.join("recipes.conf"), recipes).unwrap();
    std::fs::write(
        prefix.join("nginx.conf"),
        format!(
            "pid {0}/nginx.pid;\nerror_log stderr;\nevents {{}}\nhttp {{\n    access_log off;\n    include {0}/recipes.conf;\n}}\n",
            prefix.display()
        ),
    )
    .unwrap();
    let tested = Command::new(nginx)
        .arg("-t")
        .arg("-p")
        .arg(prefix)
        .arg("-c")
        .arg(prefix.join("nginx.conf"))
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&tested.stderr);
    assert!(
        tested.status.success() && said.contains("test is successful"),
        "nginx -t:\n{said}"
    );
}

/// The tool at `path`, or (outside CI) None with a loud SKIPPED line.
fn tool(name: &str, path: &str) -> Option<PathBuf> {
    let path = PathBuf::from(path);
    if path.exists() {
        return Some(path);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{name} is missing: .ci/run installs it"
    );
    eprintln!("SKIPPED: {name} is not installed (apt-get install {name})");
    None
}

#[test]
fn the_s3_recipe_syncs_each_site_into_the_folder_only_cloudfront_may_read() {
    let commands = block_under("sh", "S3 and CloudFront with sign-in");
    let policy: serde_json::Value =
        serde_json::from_str(&block_under("json", "S3 and CloudFront with sign-in"))
            .expect("the bucket policy is JSON");
    let statements = policy["Statement"].as_array().unwrap();
    assert_eq!(statements.len(), 1);
    let statement = &statements[0];
    assert_eq!(statement["Effect"], "Allow");
    assert_eq!(
        statement["Principal"]["Service"],
        "cloudfront.amazonaws.com"
    );
    assert_eq!(statement["Action"], "s3:GetObject", "read only");
    let arns = statement["Condition"]["StringEquals"]["AWS:SourceArn"]
        .as_array()
        .expect("only the distributions");
    let resource = statement["Resource"].as_str().unwrap();
    let bucket = resource
        .strip_prefix("arn:aws:s3:::")
        .and_then(|r| r.strip_suffix("/*"))
        .unwrap();
    let mut synced = 0;
    for line in commands.lines().filter(|l| l.starts_with("aws s3 sync")) {
        let words: Vec<&str> = line.split_whitespace().collect();
        let level = words[3].strip_prefix("sites/").expect("a site CI builds");
        assert_eq!(words[4], format!("s3://{bucket}/{level}"), "{line}");
        assert!(
            words.contains(&"--delete"),
            "pages no longer built go: {line}"
        );
        synced += 1;
    }
    assert_eq!(synced, arns.len(), "a distribution per synced site");
}

/// The `northstar` command of a shell line (also as a container's arguments), with the
/// loop's `$level` as `internal`; None for a line that runs no northstar command.
fn northstar_command(line: &str) -> Option<Vec<String>> {
    let line = line.trim();
    if line.starts_with('#') || line.starts_with("docker build") {
        return None;
    }
    let at = if line.starts_with("northstar ") {
        0
    } else {
        line.find(" northstar ")? + 1
    };
    let command = &line[at..];
    let end = [" #", " >", " ||", " |", " &&", ";"]
        .iter()
        .filter_map(|stop| command.find(stop))
        .min()
        .unwrap_or(command.len());
    Some(
        command[..end]
            .split_whitespace()
            .map(|word| word.trim_matches(['"', '\'']).replace("$level", "internal"))
            .collect(),
    )
}

#[test]
fn every_northstar_command_of_the_guide_is_one_the_cli_accepts() {
    let mut seen = 0;
    for (heading, block) in blocks("sh") {
        for command in block.lines().filter_map(northstar_command) {
            if let Err(error) = Cli::try_parse_from(&command) {
                panic!(
                    "under `{heading}`: `{}` is refused: {error}",
                    command.join(" ")
                );
            }
            seen += 1;
        }
    }
    assert!(seen >= 8, "{seen} commands");
    let wrong = northstar_command("docker run --rm northstar build --audiense internal").unwrap();
    assert!(
        Cli::try_parse_from(&wrong).is_err(),
        "a wrong flag is caught"
    );
}

/// The Dockerfile's stages, each as its `FROM` line and its instructions (continuation
/// lines joined).
fn stages(dockerfile: &str) -> Vec<(String, Vec<String>)> {
    let mut joined = Vec::new();
    let mut current = String::new();
    for line in dockerfile
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
    {
        match line.strip_suffix('\\') {
            Some(part) => current.push_str(part),
            None => {
                current.push_str(line);
                if !current.trim().is_empty() {
                    joined.push(current.split_whitespace().collect::<Vec<_>>().join(" "));
                }
                current.clear();
            }
        }
    }
    let mut stages: Vec<(String, Vec<String>)> = Vec::new();
    for instruction in joined {
        if instruction.starts_with("FROM ") {
            stages.push((instruction, Vec::new()));
        } else {
            stages.last_mut().expect("FROM first").1.push(instruction);
        }
    }
    stages
}

#[test]
fn the_dockerfile_builds_the_crates_binary_and_keeps_only_it() {
    let dockerfile = read("Dockerfile");
    let stages = stages(&dockerfile);
    assert_eq!(stages.len(), 2, "a build stage and the image");
    let (build_from, build) = &stages[0];
    let (final_from, image) = &stages[1];
    let builder = build_from
        .strip_suffix(" AS build")
        .expect("FROM … AS build");
    assert!(builder.starts_with("FROM rust:"), "{build_from}");
    assert!(
        final_from.contains("distroless") && !final_from.contains("rust"),
        "a small image without the toolchain: {final_from}"
    );

    let manifest: toml_lite::Manifest = toml_lite::read(&read("Cargo.toml"));
    let binary = manifest.binary;
    let compile = build
        .iter()
        .find(|i| i.contains("cargo build"))
        .expect("cargo build");
    assert!(compile.contains("--release") && compile.contains("--locked"));
    assert!(compile.contains(&format!("--bin {binary} ")), "{compile}");
    let copied_out = format!("cp target/release/{binary} /usr/local/bin/{binary}");
    assert!(
        compile.contains(&copied_out),
        "the binary leaves the cache: {compile}"
    );
    for copy in build.iter().filter(|i| i.starts_with("COPY ")) {
        let words: Vec<&str> = copy.split_whitespace().collect();
        for source in &words[1..words.len() - 1] {
            assert!(
                repository().join(source).exists(),
                "COPY {source}: no such path"
            );
        }
    }

    let copies: Vec<&String> = image.iter().filter(|i| i.starts_with("COPY ")).collect();
    assert_eq!(
        copies,
        [&format!(
            "COPY --from=build /usr/local/bin/{binary} /usr/local/bin/{binary}"
        )],
        "only the binary"
    );
    assert!(
        image.contains(&format!("ENTRYPOINT [\"/usr/local/bin/{binary}\"]")),
        "{image:?}"
    );
    assert!(
        !image.iter().any(|i| i.starts_with("RUN ")),
        "nothing to run: no shell"
    );
}

#[test]
fn the_docker_build_context_leaves_out_target_and_keeps_what_the_build_reads() {
    let ignored: Vec<String> = read(".dockerignore")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.trim_end_matches('/').to_string())
        .collect();
    assert!(ignored.iter().any(|p| p == "target"), "{ignored:?}");
    // What cargo reads to build the binary: the manifest, the lock file, the sources, the
    // folders compiled into the binary, and the targets the manifest declares.
    let mut needed = vec![
        "Cargo.toml".to_string(),
        "Cargo.lock".into(),
        "src".into(),
        "benches/stages.rs".into(),
    ];
    // Folders compiled in with `include_dir!("$CARGO_MANIFEST_DIR/…")`.
    for file in walkdir::WalkDir::new(repository().join("src")) {
        let file = file.unwrap();
        if file.path().extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(file.path()).unwrap();
            for part in text.split("include_dir!(\"$CARGO_MANIFEST_DIR/").skip(1) {
                needed.push(part.split('"').next().unwrap().to_string());
            }
        }
    }
    assert!(needed.iter().any(|p| p == "starter"), "{needed:?}");
    for path in &needed {
        assert!(repository().join(path).exists(), "{path}");
        let dropped = ignored
            .iter()
            .find(|pattern| Path::new(path).starts_with(pattern.as_str()));
        assert!(dropped.is_none(), "{path} is left out by {dropped:?}");
    }
}

/// Just enough of Cargo.toml: the name of the `[[bin]]` target.
mod toml_lite {
    pub struct Manifest {
        pub binary: String,
    }

    pub fn read(text: &str) -> Manifest {
        let bin = text.split("[[bin]]").nth(1).expect("a [[bin]] target");
        let name = bin
            .lines()
            .find_map(|l| l.trim().strip_prefix("name = "))
            .expect("its name")
            .trim_matches('"')
            .to_string();
        Manifest { binary: name }
    }
}
