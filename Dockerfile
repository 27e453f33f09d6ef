# Northstar as a container, for teams that run their tools as images:
#   docker build -t northstar .
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/handbook" northstar build
# The first stage compiles the binary; the image keeps only the binary on a distroless base
# (glibc, no shell, no package manager). It has no git either: pages are dated by their
# front matter's `updated`, not by their last commit.

FROM rust:1-bookworm AS build
WORKDIR /src
COPY . .
# The registry and target folders live in build caches, so a rebuild after a small change
# compiles only what changed; the binary is copied out of the cache in the same step.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked --bin northstar \
    && cp target/release/northstar /usr/local/bin/northstar

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /usr/local/bin/northstar /usr/local/bin/northstar
WORKDIR /handbook
ENTRYPOINT ["/usr/local/bin/northstar"]
CMD ["build"]
