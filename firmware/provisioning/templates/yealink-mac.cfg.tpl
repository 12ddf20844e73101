#!version:1.0.0.1
## Written by the PBX for {{macColon}}: settings changed on the phone return at the next provisioning.
{{#accounts}}
account.{{i}}.enable = 1
account.{{i}}.label = {{label}}
account.{{i}}.display_name = {{displayName}}
account.{{i}}.user_name = {{number}}
account.{{i}}.auth_name = {{number}}
account.{{i}}.password = {{password}}
account.{{i}}.sip_server.1.address = {{server.host}}
account.{{i}}.sip_server.1.port = {{server.port}}
account.{{i}}.sip_server.1.transport_type = {{server.transportCode}}
account.{{i}}.sip_server_host = {{server.host}}
account.{{i}}.sip_server_port = {{server.port}}
account.{{i}}.transport = {{server.transportCode}}
linekey.{{i}}.type = 15
linekey.{{i}}.line = {{i}}
linekey.{{i}}.label = {{label}}
{{/accounts}}
{{#keys}}
{{#blf}}
linekey.{{key}}.type = 16
{{/blf}}
{{#speed}}
linekey.{{key}}.type = 13
{{/speed}}
linekey.{{key}}.value = {{value}}
linekey.{{key}}.line = {{line}}
linekey.{{key}}.label = {{label}}
{{/keys}}
features.pickup.direct_pickup_enable = {{pickup.enabled}}
features.pickup.direct_pickup_code = {{pickup.code}}
features.pickup.blf_visual_enable = 1
call_waiting.enable = {{callWaiting}}
ldap.enable = 1
ldap.host = {{ldap.host}}
ldap.port = {{ldap.port}}
ldap.base = {{ldap.base}}
ldap.user =
ldap.password =
ldap.version = 3
ldap.name_filter = {{ldap.nameFilter}}
ldap.number_filter = {{ldap.numberFilter}}
ldap.name_attr = {{ldap.nameAttributes}}
ldap.numb_attr = {{ldap.numberAttributes}}
ldap.display_name = %cn
ldap.max_hits = 50
ldap.call_in_lookup = 1
