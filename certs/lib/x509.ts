// The one door to @peculiar/x509, whose tsyringe container needs the Reflect metadata API first.
import 'reflect-metadata'

export * from '@peculiar/x509'
