// `kopuro directory init <dir>`: the federation folder, made once and kept on later runs.
import { initFederationFolder } from '../directory/authority/index.js'
import { CliUsageError, reportErrors } from './cli-errors.js'
import { EXIT } from './exit-codes.js'

export interface DirectoryInitOptions {
  instance: string
  publicUrl: string
  /** `CODE=Description` pairs. */
  memberClasses?: string[]
  host?: string
  port?: number
  validity?: number
}

type Out = { log(s: string): void; error(s: string): void }

/**
 * Makes what is missing of the federation folder (authority.json, root CA, directory and admin
 * keys, anchor.json, the registry with the CA) and keeps everything that exists. Exit 0, or 2
 * naming the option or file that is unusable.
 *
 * @example process.exitCode = await directoryInitCommand('/srv/kg', { instance: 'KG', publicUrl }, console)
 */
export function directoryInitCommand(
  dir: string,
  options: DirectoryInitOptions,
  out: Out,
): Promise<number> {
  return reportErrors('directory init', out, async () => {
    const memberClasses = (options.memberClasses ?? []).map((pair) => {
      const [code = '', ...rest] = pair.split('=')
      return { code, description: rest.join('=') || code }
    })
    try {
      const paths = await initFederationFolder(dir, {
        instance: options.instance,
        publicUrl: options.publicUrl,
        memberClasses,
        host: options.host,
        port: options.port,
        validitySeconds: options.validity,
        onProgress: (line) => out.log(line),
      })
      out.log(`hand ${paths.anchor} to the members; run: npx kopuro directory serve --dir ${dir}`)
    } catch (error) {
      if (error instanceof TypeError) throw new CliUsageError(error.message, { cause: error })
      throw error
    }
    return EXIT.OK
  })
}
