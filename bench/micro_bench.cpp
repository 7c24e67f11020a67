// SPDX-License-Identifier: AGPL-3.0-or-later
// What one request costs in the pieces we wrote: routing, tags, compression, templates.
// Run: build/release/bench/micro_bench
#include <benchmark/benchmark.h>

#include "http/byte_range.hpp"
#include "http/compression.hpp"
#include "http/etag.hpp"
#include "http/router.hpp"
#include "web/page.hpp"
#include "web/templates.hpp"

namespace {

using namespace imaginecole;

std::string french_page() {
  std::string body = "<!doctype html><html lang=\"fr\"><main>";
  while (body.size() < 10 * 1024) {
    body += "<p>Les élèves du CM2 étudient les fractions : un demi, un tiers, un quart.</p>";
  }
  return body + "</main></html>";
}

void BM_RouterMatch(benchmark::State& state) {
  http::Router router;
  const auto ok = [](http::Request&) { return http::Response::text("ok"); };
  for (const char* pattern :
       {"/", "/c/{code}", "/c/{code}/{level}", "/api/v1/countries", "/api/v1/countries/{code}",
        "/static/{name}", "/media/{hash}", "/healthz", "/metrics", "/lang/{code}"}) {
    router.get(pattern, ok, http::public_route());
  }
  for (auto _ : state) {
    benchmark::DoNotOptimize(router.match(http::Method::get, "/c/SN/cm2"));
  }
}
BENCHMARK(BM_RouterMatch);

void BM_WeakEtag10K(benchmark::State& state) {
  const std::string page = french_page();
  for (auto _ : state) {
    benchmark::DoNotOptimize(http::weak_etag_of(page));
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * page.size()));
}
BENCHMARK(BM_WeakEtag10K);

void BM_Gzip10K(benchmark::State& state) {
  const std::string page = french_page();
  for (auto _ : state) {
    benchmark::DoNotOptimize(http::gzip_compress(page, static_cast<int>(state.range(0))));
  }
}
BENCHMARK(BM_Gzip10K)->Arg(1)->Arg(6);

void BM_Brotli10K(benchmark::State& state) {
  const std::string page = french_page();
  for (auto _ : state) {
    benchmark::DoNotOptimize(http::brotli_compress(page, static_cast<int>(state.range(0))));
  }
}
BENCHMARK(BM_Brotli10K)->Arg(4)->Arg(5)->Arg(11);

void BM_ByteRange(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(http::ByteRange::parse("bytes=1048576-2097151").resolve(50'000'000));
  }
}
BENCHMARK(BM_ByteRange);

void BM_RenderErrorPage(benchmark::State& state) {
  http::Request request;
  request.path = "/missing";
  for (auto _ : state) {
    benchmark::DoNotOptimize(web::error_page(request, 404, "missing"));
  }
}
BENCHMARK(BM_RenderErrorPage);

void BM_Localized(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(web::localized(
        R"({"fr": "Côte d'Ivoire", "en": "Côte d'Ivoire", "ar": "ساحل العاج"})", "en"));
  }
}
BENCHMARK(BM_Localized);

}  // namespace

BENCHMARK_MAIN();
