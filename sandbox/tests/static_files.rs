mod common;

use std::io::Read;

use common::*;

fn console() -> (std::path::PathBuf, Sandbox) {
    let dir = std::env::temp_dir().join(format!("sbx-static-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(dir.join("assets")).unwrap();
    std::fs::create_dir_all(dir.join("pkg")).unwrap();
    let page = format!("<!doctype html><h1>console</h1>{}", "<p>refund</p>".repeat(200));
    std::fs::write(dir.join("index.html"), page).unwrap();
    std::fs::write(dir.join("assets/index-BxCg3PqV.js"), "export const x = 1;\n".repeat(200)).unwrap();
    std::fs::write(dir.join("pkg/index.mjs"), "export default 1;\n".repeat(200)).unwrap();
    let www = dir.to_str().unwrap().to_string();
    let pkg = dir.join("pkg").to_str().unwrap().to_string();
    let sb = Sandbox::start(&["--www", &www, "--pkg", &pkg]);
    (dir, sb)
}

#[tokio::test]
async fn gzip_and_brotli_by_accept_encoding() {
    let (dir, sb) = console();
    let plain = sb.http.get(sb.url("/")).send().await.unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    let original = plain.bytes().await.unwrap();
    let gz = sb.http.get(sb.url("/")).header("Accept-Encoding", "gzip").send().await.unwrap();
    assert_eq!(gz.headers()["content-encoding"], "gzip");
    assert!(gz.headers()["vary"].to_str().unwrap().to_ascii_lowercase().contains("accept-encoding"));
    let packed = gz.bytes().await.unwrap();
    assert!(packed.len() < original.len());
    let mut unpacked = Vec::new();
    flate2::read::GzDecoder::new(&packed[..]).read_to_end(&mut unpacked).unwrap();
    assert_eq!(unpacked, original);
    let br = sb.http.get(sb.url("/pkg/index.mjs")).header("Accept-Encoding", "br").send().await.unwrap();
    assert_eq!(br.headers()["content-encoding"], "br");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn hashed_assets_are_immutable_and_the_rest_revalidates() {
    let (dir, sb) = console();
    let asset = sb.http.get(sb.url("/assets/index-BxCg3PqV.js")).send().await.unwrap();
    assert_eq!(asset.headers()["cache-control"], "public, max-age=31536000, immutable");
    for path in ["/", "/index.html", "/pkg/index.mjs"] {
        let r = sb.http.get(sb.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["cache-control"], "no-cache", "{path}");
        let etag = r.headers()["etag"].to_str().unwrap().to_string();
        let modified = r.headers()["last-modified"].to_str().unwrap().to_string();
        let again = sb.http.get(sb.url(path)).header("If-None-Match", &etag).send().await.unwrap();
        assert_eq!(again.status(), 304, "{path}");
        assert_eq!(again.headers()["etag"].to_str().unwrap(), etag);
        assert!(again.bytes().await.unwrap().is_empty());
        let gz = sb.http.get(sb.url(path)).header("If-None-Match", &etag).header("Accept-Encoding", "gzip").send().await.unwrap();
        assert_eq!(gz.status(), 304, "the validator holds for the compressed copy too");
        let since = sb.http.get(sb.url(path)).header("If-Modified-Since", &modified).send().await.unwrap();
        assert_eq!(since.status(), 304, "{path}");
        let stale = sb.http.get(sb.url(path)).header("If-None-Match", "W/\"0000\"").send().await.unwrap();
        assert_eq!(stale.status(), 200);
    }
    // A changed file gets a new ETag.
    let before = sb.http.get(sb.url("/pkg/index.mjs")).send().await.unwrap().headers()["etag"].clone();
    std::fs::write(dir.join("pkg/index.mjs"), "export default 2;\n").unwrap();
    let after = sb.http.get(sb.url("/pkg/index.mjs")).header("If-None-Match", before.clone()).send().await.unwrap();
    assert_eq!(after.status(), 200);
    assert_ne!(after.headers()["etag"], before);
    let _ = std::fs::remove_dir_all(dir);
}
