<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by the PBX for {{macColon}} -->
<gs_provision version="1">
  <mac>{{mac}}</mac>
  <config version="1">
{{#account1}}
    <P271>1</P271>
    <P270>{{label}}</P270>
    <P3>{{displayName}}</P3>
    <P35>{{number}}</P35>
    <P36>{{number}}</P36>
    <P34>{{password}}</P34>
    <P47>{{server.host}}:{{server.port}}</P47>
    <P130>{{server.transportCode}}</P130>
{{/account1}}
{{#moreAccounts}}
    <P{{i*100+201}}>1</P{{i*100+201}}>
    <P{{i*100+217}}>{{label}}</P{{i*100+217}}>
    <P{{i*100+207}}>{{displayName}}</P{{i*100+207}}>
    <P{{i*100+204}}>{{number}}</P{{i*100+204}}>
    <P{{i*100+205}}>{{number}}</P{{i*100+205}}>
    <P{{i*100+206}}>{{password}}</P{{i*100+206}}>
    <P{{i*100+202}}>{{server.host}}:{{server.port}}</P{{i*100+202}}>
{{/moreAccounts}}
    <!-- Multi-purpose keys 1-7: mode P323-P329; account, name, value from P301 in threes -->
{{#keysFirst7}}
    <P{{index+323}}>{{#blf}}1{{/blf}}{{#speed}}0{{/speed}}</P{{index+323}}>
    <P{{index*3+301}}>{{line+-1}}</P{{index*3+301}}>
    <P{{index*3+302}}>{{label}}</P{{index*3+302}}>
    <P{{index*3+303}}>{{value}}</P{{index*3+303}}>
{{/keysFirst7}}
    <!-- Multi-purpose keys 8 on: mode, account, name, value in fours from P353 -->
{{#keysAfter7}}
    <P{{after7*4+353}}>{{#blf}}1{{/blf}}{{#speed}}0{{/speed}}</P{{after7*4+353}}>
    <P{{after7*4+354}}>{{line+-1}}</P{{after7*4+354}}>
    <P{{after7*4+355}}>{{label}}</P{{after7*4+355}}>
    <P{{after7*4+356}}>{{value}}</P{{after7*4+356}}>
{{/keysAfter7}}
    <P91>{{callWaitingOff}}</P91>
    <P8020>{{ldap.host}}</P8020>
    <P8021>{{ldap.port}}</P8021>
    <P8022>{{ldap.base}}</P8022>
    <P8023></P8023>
    <P8024></P8024>
    <P8025>{{ldap.numberFilter}}</P8025>
    <P8026>{{ldap.nameFilter}}</P8026>
    <P8027>3</P8027>
    <P8028>{{ldap.nameAttributes}}</P8028>
    <P8029>{{ldap.numberAttributes}}</P8029>
    <P8030>cn</P8030>
    <P8031>50</P8031>
  </config>
</gs_provision>
