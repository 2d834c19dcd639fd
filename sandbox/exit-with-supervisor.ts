// Preloaded into every sandbox process: when the supervisor goes away, even killed outright,
// the IPC channel closes and the process stops as on SIGTERM, so no process outlives the sandbox.
if (process.channel) {
  process.channel.unref()
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'))
}
