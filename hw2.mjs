import * as fontkit from 'fontkit';
const f = fontkit.openSync(process.argv[2]);
const chars='0123456789.,%:/-+()ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz ';
let out='';
for (const c of chars) { const a=f.layout(c).glyphs[0], b=f.layout(c,['hwid']).glyphs[0]; out+=`${c}:${a.id}/${a.advanceWidth}->${b.id}/${b.advanceWidth} `; }
console.log(out);
