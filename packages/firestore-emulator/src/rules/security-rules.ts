import { parseRules, RulesSyntaxError, type Ruleset } from "@partner-api/rules-engine";

/** A problem in a rules source, shaped as the official emulator reports it (firebase-tools prints these). */
export interface RulesIssue {
  readonly sourcePosition: { readonly fileName?: string; readonly line: number; readonly column: number };
  readonly description: string;
  readonly severity: "ERROR";
}

/** One rules file as `PUT .../{project}:securityRules` carries it. */
export interface RulesFile {
  readonly name?: string;
  readonly content: string;
}

/**
 * The security rules loaded per project. A project without rules allows every request, as the official
 * emulator does; loading rules that do not parse keeps the previous ones.
 */
export class SecurityRules {
  private readonly byProject = new Map<string, Ruleset>();

  /** Parses and installs `files` for a project; returns the issues found (none means installed). */
  load(projectId: string, files: readonly RulesFile[]): RulesIssue[] {
    const [file, ...others] = files;
    if (file === undefined || others.length > 0) {
      return [issue(file?.name, 1, 1, "Exactly one rules file is supported (rules_version 2, one service).")];
    }
    try {
      this.byProject.set(projectId, parseRules(file.content));
      return [];
    } catch (error) {
      if (!(error instanceof RulesSyntaxError)) throw error;
      return [issue(file.name, error.line, error.column, error.message)];
    }
  }

  /** The rules in force for a project, if any were loaded. */
  forProject(projectId: string): Ruleset | undefined {
    return this.byProject.get(projectId);
  }
}

function issue(fileName: string | undefined, line: number, column: number, description: string): RulesIssue {
  return {
    sourcePosition: { ...(fileName === undefined ? {} : { fileName }), line, column },
    description,
    severity: "ERROR",
  };
}
