// Compiles proto/ and generates TypeScript into gen/ with protoc-gen-es.
//
//   tsx scripts/proto.ts generate   write gen/
//   tsx scripts/proto.ts check      fail when gen/ is stale, and run buf lint
//
// buf/validate/validate.proto cannot be fetched (no schema registry is reachable) and is not
// shipped as source, so it is never copied here: @bufbuild/protovalidate embeds its file
// descriptor, which we hand to protoc with --descriptor_set_in.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { create, type DescFile, toBinary } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { file_buf_validate_validate } from "@bufbuild/protovalidate/gen/buf/validate/validate_pb.js";

const root = join(import.meta.dirname, "..");
const protoDir = join(root, "proto");
const reflectionProtoDir = join(root, "node_modules/@grpc/reflection/build/proto");
const healthProtoDir = join(root, "node_modules/grpc-health-check/proto");
// Standard gRPC protos shipped inside the grpc-js packages; generated so reflection can serve them.
const grpcProtos = ["grpc/reflection/v1/reflection.proto", "health/v1/health.proto"];
const genDir = join(root, "gen");
const bin = (name: string) => join(root, "node_modules/.bin", name);

function listProtos(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((path) => path.endsWith(".proto"))
    .sort();
}

function withDependencies(file: DescFile, seen = new Map<string, DescFile>()): DescFile[] {
  for (const dependency of file.dependencies) withDependencies(dependency, seen);
  seen.set(file.name, file);
  return [...seen.values()];
}

function writeValidateDescriptorSet(dir: string): string {
  const path = join(dir, "protovalidate.binpb");
  const files = withDependencies(file_buf_validate_validate).map((file) => file.proto);
  writeFileSync(path, toBinary(FileDescriptorSetSchema, create(FileDescriptorSetSchema, { file: files })));
  return path;
}

function protoc(args: string[]): void {
  execFileSync("protoc", args, { stdio: "inherit" });
}

function generate(outDir: string, workDir: string): void {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const validateSet = writeValidateDescriptorSet(workDir);
  protoc([
    `--descriptor_set_in=${validateSet}`,
    `-I${protoDir}`,
    `-I${reflectionProtoDir}`,
    `-I${healthProtoDir}`,
    `--plugin=protoc-gen-es=${bin("protoc-gen-es")}`,
    `--es_out=${outDir}`,
    "--es_opt=target=ts,import_extension=js,rewrite_imports=./buf/validate/*_pb.js:@bufbuild/protovalidate/gen",
    ...listProtos(protoDir),
    ...grpcProtos,
  ]);
}

function lint(workDir: string): void {
  const validateSet = writeValidateDescriptorSet(workDir);
  const image = join(workDir, "usual.binpb");
  protoc([
    `--descriptor_set_in=${validateSet}`,
    `-I${protoDir}`,
    "--include_imports",
    "--include_source_info",
    `-o${image}`,
    ...listProtos(protoDir),
  ]);
  const paths = readdirSync(protoDir).filter((entry) => statSync(join(protoDir, entry)).isDirectory());
  execFileSync(bin("buf"), ["lint", image, "--config", join(protoDir, "buf.yaml"), ...paths.flatMap((p) => ["--path", p])], {
    stdio: "inherit",
  });
}

function filesUnder(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const path of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    const full = join(dir, path);
    if (statSync(full).isFile()) files.set(relative(dir, full), readFileSync(full, "utf8"));
  }
  return files;
}

function check(workDir: string): void {
  const fresh = join(workDir, "gen");
  generate(fresh, workDir);
  const expected = filesUnder(fresh);
  const actual = filesUnder(genDir);
  const stale = [...new Set([...expected.keys(), ...actual.keys()])].filter((path) => expected.get(path) !== actual.get(path));
  if (stale.length > 0) {
    console.error(`gen/ is stale (run npm run proto): ${stale.join(", ")}`);
    process.exit(1);
  }
  lint(workDir);
  console.log("gen/ is up to date and buf lint is clean");
}

const workDir = mkdtempSync(join(tmpdir(), "usual-proto-"));
try {
  const command = process.argv[2];
  if (command === "generate") {
    // Into a scratch directory first, so a protoc failure leaves gen/ as it was.
    const fresh = join(workDir, "gen");
    generate(fresh, workDir);
    rmSync(genDir, { recursive: true, force: true });
    cpSync(fresh, genDir, { recursive: true });
  } else if (command === "check") check(workDir);
  else throw new Error(`unknown command "${command}": use generate or check`);
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
