//! Fixture documents for the strategy views' tests: a strategy with two objectives, its
//! initiatives, technologies.

use super::Handbook;

pub const STRATEGY: &str = "---\ntitle: Cloud strategy\nkind: strategy\nstatus: approved\nowner: cto\nobjectives:\n  - {id: cut-cost, title: Cut cost}\n  - {id: go-global, title: Go global}\n---\nWhy we move.\n";

pub fn initiative(title: &str, lane: &str, period: (&str, &str), extra: &str) -> String {
    format!(
        "---\ntitle: {title}\nkind: initiative\nstatus: in-progress\nowner: platform\nstart: {}\nend: {}\nlane: {lane}\nprogress: 40\n{extra}---\n",
        period.0, period.1
    )
}

pub fn traced() -> Handbook {
    let handbook = Handbook::new();
    handbook
        .write("content/strategy/cloud.md", STRATEGY)
        .write(
            "content/work/eks.md",
            &initiative(
                "Move to EKS",
                "platform",
                ("2027-Q1", "2027-Q2"),
                "supports: [strategy/cloud.md#cut-cost]\n",
            ),
        )
        .write(
            "content/work/idle.md",
            &initiative("Idle work", "platform", ("2027-Q1", "2027-Q1"), ""),
        )
        .write(
            "content/policy.md",
            "---\ntitle: Cost policy\n---\nSee the [strategy](strategy/cloud.md).\n",
        );
    handbook
}

pub fn technology(title: &str, ring: &str, quadrant: &str) -> String {
    format!("---\ntitle: {title}\nkind: technology\nring: {ring}\nquadrant: {quadrant}\n---\n")
}
