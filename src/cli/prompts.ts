/**
 * A small terminal prompt kit: text, select, confirm. Raw-mode keypresses; Ctrl-C or Esc at
 * any prompt → CancelError (the caller exits 130 having written nothing).
 */
import readline from "node:readline";
import type { Colors } from "../ui.js";

export class CancelError extends Error {
  constructor() {
    super("Cancelled: nothing was written.");
    this.name = "CancelError";
  }
}

export interface Choice<T extends string> {
  value: T;
  label: string;
  hint?: string;
}

export interface Prompter {
  text(q: { message: string; initial?: string; validate: (value: string) => string | undefined }): Promise<string>;
  select<T extends string>(q: { message: string; choices: readonly Choice<T>[]; initial?: T }): Promise<T>;
  confirm(q: { message: string; initial: boolean }): Promise<boolean>;
}

interface Key {
  name?: string | undefined;
  ctrl?: boolean | undefined;
  meta?: boolean | undefined;
  sequence?: string | undefined;
}

type Handler<R> = (str: string | undefined, key: Key, done: (value: R) => void) => void;

const CLEAR_LINE = "\r\u001b[2K";

/** Cuts text to at most `room` characters, ending with "…" when cut. */
export function fit(text: string, room: number): string {
  return text.length <= room ? text : `${text.slice(0, Math.max(0, room - 1))}…`;
}
const up = (n: number): string => (n > 0 ? `\u001b[${n}A` : "");

export function createPrompter(input: NodeJS.ReadStream, output: NodeJS.WriteStream, c: Colors): Prompter {
  readline.emitKeypressEvents(input);

  function ask<R>(render: () => void, onKey: Handler<R>): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const wasRaw = input.isRaw;
      if (input.isTTY) input.setRawMode(true);
      input.resume();
      const finish = (): void => {
        input.off("keypress", listener);
        if (input.isTTY) input.setRawMode(wasRaw);
        input.pause();
      };
      const listener = (str: string | undefined, key: Key | undefined): void => {
        const k = key ?? {};
        if ((k.ctrl && (k.name === "c" || k.name === "d")) || k.name === "escape") {
          finish();
          output.write("\n");
          reject(new CancelError());
          return;
        }
        onKey(str, k, (value) => {
          finish();
          resolve(value);
        });
      };
      input.on("keypress", listener);
      render();
    });
  }

  const question = (message: string): string => `${c.cyan("?")} ${c.bold(message)}`;

  return {
    text({ message, initial = "", validate }) {
      let value = "";
      let error: string | undefined;
      const line = (): string => `${question(message)} ${value === "" && initial !== "" ? c.dim(initial) : value}`;
      const render = (): void => {
        output.write(CLEAR_LINE + line());
      };
      return ask<string>(render, (str, key, done) => {
        if (key.name === "return" || key.name === "enter") {
          const answer = value === "" ? initial : value;
          error = validate(answer);
          if (error === undefined) {
            output.write(`${CLEAR_LINE}${question(message)} ${c.green(answer)}\n`);
            done(answer);
            return;
          }
          output.write(`\n${c.red(error)}\n`);
          render();
          return;
        }
        if (key.name === "backspace") value = value.slice(0, -1);
        else if (key.ctrl && key.name === "u") value = "";
        else if (str !== undefined && !key.ctrl && !key.meta && str.length >= 1 && !/[\u0000-\u001f\u007f]/.test(str)) value += str;
        render();
      });
    },

    select<T extends string>({ message, choices, initial }: { message: string; choices: readonly Choice<T>[]; initial?: T }) {
      let index = Math.max(0, choices.findIndex((ch) => ch.value === initial));
      let drawn = 0;
      const render = (): void => {
        let text = up(drawn) + CLEAR_LINE + `${question(message)} ${c.dim("(↑/↓ or number, Enter)")}`;
        // One row per choice: cut hints to the terminal width, or wrapped rows would break the redraw.
        const width = Math.max(20, (output.columns || 80) - 1);
        choices.forEach((ch, i) => {
          const active = i === index;
          const room = width - `  ${i + 1}. ${ch.label}`.length;
          const hint = ch.hint && room > 6 ? c.dim(fit(` — ${ch.hint}`, room)) : "";
          text += `\n${CLEAR_LINE}${active ? c.cyan("❯") : " "} ${i + 1}. ${active ? c.cyan(ch.label) : ch.label}${hint}`;
        });
        output.write(text);
        drawn = choices.length;
      };
      return ask<T>(render, (str, key, done) => {
        if (key.name === "up" || key.name === "k") index = (index - 1 + choices.length) % choices.length;
        else if (key.name === "down" || key.name === "j" || key.name === "tab") index = (index + 1) % choices.length;
        else if (str !== undefined && /^[1-9]$/.test(str) && Number(str) <= choices.length) index = Number(str) - 1;
        else if (key.name === "return" || key.name === "enter") {
          const chosen = choices[index] as Choice<T>;
          let clear = up(drawn) + CLEAR_LINE + `${question(message)} ${c.green(chosen.label)}`;
          for (let i = 0; i < drawn; i++) clear += `\n${CLEAR_LINE}`;
          output.write(`${clear}${up(drawn)}\n`);
          done(chosen.value);
          return;
        }
        render();
      });
    },

    confirm({ message, initial }) {
      const render = (): void => {
        output.write(`${CLEAR_LINE}${question(message)} ${c.dim(initial ? "(Y/n)" : "(y/N)")} `);
      };
      return ask<boolean>(render, (str, key, done) => {
        let answer: boolean | undefined;
        if (key.name === "return" || key.name === "enter") answer = initial;
        else if (str === "y" || str === "Y") answer = true;
        else if (str === "n" || str === "N") answer = false;
        if (answer === undefined) return;
        output.write(`${CLEAR_LINE}${question(message)} ${c.green(answer ? "yes" : "no")}\n`);
        done(answer);
      });
    },
  };
}
