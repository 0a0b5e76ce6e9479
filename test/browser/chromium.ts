// Debian's Chromium, headless, for the browser tests (.ci/run installs it when absent).
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type Browser, chromium } from "playwright-core";

export const CHROMIUM_PATH = "/usr/bin/chromium";
/** Screenshots of a test run (git-ignored). */
export const ARTIFACTS_DIR = fileURLToPath(new URL("../artifacts/", import.meta.url));

export const SIZES = {
  counter: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

export async function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
}
