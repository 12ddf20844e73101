#!version:1.0.0.1
## Common file of the PBX; each phone's accounts and keys are in its own <mac>.cfg.
auto_provision.server.url = {{provisioningUrl}}
