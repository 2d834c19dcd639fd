// The console's notices: a form post's result kept here, named in the redirect by an opaque code.
import { randomBytes } from 'node:crypto'

export interface Notice {
  kind: 'ok' | 'error'
  text: string
}

export interface NoticeBoard {
  /** Keeps the notice and returns the code the redirect carries (`?notice=`). */
  issue(notice: Notice): string
  /** The notice this console issued under `code`; any other code names nothing. */
  read(code: string): Notice | undefined
}

/** Enough for every tab a person keeps open; the oldest notice goes first. */
const MAX_NOTICES = 256

/**
 * Creates the board. A link from anywhere can only name a notice this console wrote, so no other
 * site can make the console show an official-looking message of its choosing.
 *
 * @example const code = board.issue({ kind: 'ok', text: 'Signed out.' })
 */
export function createNoticeBoard(): NoticeBoard {
  const notices = new Map<string, Notice>()
  return {
    issue(notice) {
      const code = randomBytes(12).toString('base64url')
      notices.set(code, notice)
      if (notices.size > MAX_NOTICES) notices.delete(notices.keys().next().value!)
      return code
    },
    read(code) {
      return notices.get(code)
    },
  }
}
